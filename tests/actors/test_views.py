import pytest
from django.urls import reverse

from alliances.actors.models import Theme
from alliances.actors.services import themes_ensure_builtin
from tests.actors.factories import OrganisationFactory, commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes():
    themes_ensure_builtin()
    return {t.code: t for t in Theme.objects.all()}


def test_list_filters_by_territory_and_text(client, themes):
    OrganisationFactory(name="Foyer rural de Mende", themes=[themes["009000"]])
    OrganisationFactory(name="Club de pétanque", commune=commune("48166"))
    OrganisationFactory(name="Foyer de Lyon", commune=commune("69123"))
    response = client.get(reverse("actors:list"), {"territoire": "departement:48", "q": "foyer"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Foyer rural de Mende" in content and "Action socioculturelle" in content
    assert "Foyer de Lyon" not in content and "pétanque" not in content


def test_list_query_count_does_not_grow_with_rows(client, themes, django_assert_max_num_queries):
    for _ in range(30):
        OrganisationFactory(themes=[themes["011000"], themes["017000"]])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("actors:list"), {"territoire": "commune:48095"})
    assert response.status_code == 200
    assert "Page 1 sur 2" in response.content.decode()


def test_invalid_territory_gives_a_french_error(client):
    response = client.get(reverse("actors:list"), {"territoire": "commune:4"})
    assert response.status_code == 200
    assert "invalide" in response.content.decode()


def test_detail_page(client, themes):
    org = OrganisationFactory(name="Les Amis du Causse", themes=[themes["024000"]])
    org.sdgs.set([13, 15])
    response = client.get(org.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Les Amis du Causse" in content and "Mende" in content and "Environnement" in content
    assert client.get(reverse("actors:detail", kwargs={"pk": 999999})).status_code == 404


def test_a_text_search_beyond_the_limit_says_more_than(client, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr("alliances.actors.selectors.SEARCH_LIMIT", 3)
    OrganisationFactory(name="Entraide des voisins")
    for i in range(4):
        OrganisationFactory(name=f"Club {i}", register_object="entraide et loisirs")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("actors:list"), {"q": "entraide"})
    content = response.content.decode()
    assert "Plus de 3 organisations" in content and "Précisez-la" in content
    # The organisation named so comes first, whatever its place in the index.
    assert content.index("Entraide des voisins") < content.index("Club ")
    exact = client.get(reverse("actors:list"), {"q": "voisins"}).content.decode()
    assert "1 organisation" in exact and "Plus de" not in exact


def test_unfiltered_list_counts_once_then_reads_the_cache(client, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr("alliances.actors.selectors.COUNTS_CACHE_ABOVE", 2)
    OrganisationFactory.create_batch(3)
    with django_assert_max_num_queries(8):
        first = client.get(reverse("actors:list")).content.decode()
    assert "3 organisations" in first and "Nombre arrêté" not in first
    OrganisationFactory()  # counted again within 10 minutes: the page says its count may be late
    with django_assert_max_num_queries(7):
        second = client.get(reverse("actors:list")).content.decode()
    assert "3 organisations" in second and "Nombre arrêté il y a moins de 10 minutes" in second
    # Another set of filters has its own count.
    assert "4 organisations" in client.get(reverse("actors:list"), {"territoire": "commune:48095"}).content.decode()


def test_long_lists_page_through_the_first_organisations_only(client, monkeypatch):
    monkeypatch.setattr("alliances.actors.views.LIST_LIMIT", 30)
    for i in range(40):
        OrganisationFactory(name=f"Association {i:02d}")
    content = client.get(reverse("actors:list")).content.decode()
    assert "40 organisations" in content and "Seules les 30 premières sont listées (2 pages)" in content
    last = client.get(reverse("actors:list"), {"page": 5}).content.decode()
    assert "Page 2 sur 2" in last and "Association 29" in last and "Association 30" not in last


def test_short_filtered_lists_stay_sorted_by_name(client, django_assert_max_num_queries):
    for name in ["Zèbre club", "Amicale", "Maison des jeunes"]:
        OrganisationFactory(name=name)
    with django_assert_max_num_queries(8):
        content = client.get(reverse("actors:list"), {"territoire": "departement:48"}).content.decode()
    assert content.index("Amicale") < content.index("Maison des jeunes") < content.index("Zèbre club")
