"""The practices on shared pages: "Des territoires comme le mien" and the global search."""

import pytest

from tests.practices.factories import PracticeFactory, commune, published_practice

pytestmark = pytest.mark.django_db


def test_territory_page_ranks_similar_territories_with_a_reason(client, django_assert_max_num_queries):
    # Langogne (~2 800 hab.) is like Marvejols (~4 800): same région and size band.
    near = published_practice(title="Proche", territories=[commune("48092")], fragilities=["vieillissement"])
    published_practice(title="Loin et grand", territories=[commune("69123")], fragilities=["emploi"])
    PracticeFactory(title="Brouillon voisin")
    response = client.get("/territoires/commune/48092/", {"fragilite": "vieillissement"})
    html = response.content.decode()
    assert "Des territoires comme le mien" in html
    assert html.index("Proche") < html.index("Loin et grand") if "Loin et grand" in html else "Proche" in html
    assert "Commune de 2 000 à 5 000 habitants, même région (Occitanie), même fragilité : vieillissement" in html
    assert "Brouillon voisin" not in html
    assert near.get_absolute_url() in html


def test_global_search_has_a_practices_group(client):
    published_practice(title="Navette solidaire")
    PracticeFactory(title="Navette brouillon")
    html = client.get("/recherche/", {"q": "navette"}).content.decode()
    assert "Pratiques inspirantes" in html and "Navette solidaire" in html and "Navette brouillon" not in html


def _density(territory, level):
    from alliances.indicators.models import IndicatorValue
    from alliances.indicators.services import indicators_sync

    IndicatorValue.objects.create(
        indicator_id=indicators_sync()["classe_densite"], territory=territory, vintage=2024, value=level
    )


def test_territory_type_is_the_density_class_when_the_grid_is_loaded(client):
    from alliances.practices import selectors
    from alliances.practices.search import practice_tags, territory_type
    from alliances.territories.models import Territory

    marvejols, langogne = commune("48092"), commune("48080")  # 4 764 and 2 836 inhabitants
    small = Territory.objects.current_communes().filter(departement__code="48", population__lt=2000).order_by("code")[0]
    assert territory_type(marvejols).value == "commune-2000-5000"  # no grid: the population band
    for territory in (marvejols, langogne, small):
        _density(territory, 5)  # bourgs ruraux
    same_band = published_practice(title="Même classe, même taille", territories=[langogne], fragilities=["sante"])
    smaller = published_practice(title="Même classe, plus petite", territories=[small], fragilities=["sante"])

    assert territory_type(marvejols).value == "bourg-rural"
    assert "type_territoire:bourg-rural" in practice_tags(smaller)
    assert not any(tag.startswith("type_territoire:commune-") for tag in practice_tags(smaller))
    facet = {f.name: {v.value: v.count for v in f.values} for f in selectors.practices_search().facets}
    assert facet["type_territoire"] == {"bourg-rural": 2}

    matches = selectors.practices_for_territory(marvejols, fragilities=["sante"])
    assert [m.practice.pk for m in matches] == [same_band.pk, smaller.pk]
    assert (
        matches[0].reason == "Bourg rural de 2 000 à 5 000 habitants, même région (Occitanie), même fragilité : santé"
    )
    assert matches[1].reason == "Bourg rural, même région (Occitanie), même fragilité : santé"
    html = client.get("/territoires/commune/48092/", {"fragilite": "sante"}).content.decode()
    assert "Bourg rural de 2 000 à 5 000 habitants" in html
    assert "?type_territoire=bourg-rural" in html


def test_reindex_command_applies_a_density_grid_loaded_after_publication():
    from io import StringIO

    from django.core.management import call_command

    from alliances.practices.search import practice_tags

    practice = published_practice(territories=[commune("48092")])
    assert "type_territoire:commune-2000-5000" in set(practice.tags.values_list("tag", flat=True))
    _density(commune("48092"), 5)
    out = StringIO()
    call_command("reindex_practices", stdout=out)
    assert "1 pratique(s) publiée(s) réindexée(s)" in out.getvalue()
    tags = set(practice.tags.values_list("tag", flat=True))
    assert tags == set(practice_tags(practice))
    assert {"type_territoire:bourg-rural", "taille:commune-2000-5000"} <= tags


def test_territory_section_uses_the_fragilities_of_the_portrait(client, monkeypatch):
    from types import SimpleNamespace

    from alliances.indicators import selectors as indicator_selectors

    detected = [SimpleNamespace(code="taux_chomage", kind="fragilite"), SimpleNamespace(code="decile_9", kind="atout")]
    monkeypatch.setattr(indicator_selectors, "territory_fragilities", lambda territory: detected)
    published_practice(title="Retour à l'emploi", territories=[commune("69123")], fragilities=["emploi"])
    html = client.get("/territoires/commune/48092/").content.decode()
    assert "Retour à l&#x27;emploi" in html
    assert "même fragilité : emploi" in html.lower()
