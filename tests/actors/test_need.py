"""« Décrivez votre besoin » in the directory: the real Lozère file, a need in everyday words."""

from __future__ import annotations

import html
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from alliances.territories.models import Territory

pytestmark = pytest.mark.django_db


def test_a_need_typed_as_a_mayor_types_it_lists_relevant_local_associations(client, shared_data):
    call_command("import_rna_nomenclature", str(shared_data / "rna-associations-nomenclature-waldec.csv"), verbosity=0)
    call_command("import_rna", str(shared_data / "rna_import_20241001_dpt_48.csv"), verbosity=0)
    url = reverse("actors:need")

    response = client.get(
        url, {"besoin": "aider les gens qui ne savent pas se servir d'un ordinateur", "territoire": "Lozère"}
    )
    matches = response.context["found"].matches
    names = [match.organisation.name for match in matches[:10]]
    assert any("INFORMATIQUE" in name for name in names), names
    assert all(match.organisation.commune.departement.code == "48" for match in matches)
    page = response.content.decode()
    assert "Pourquoi :" in page and "« informatique » pour « ordinateur »" in page

    # The territory as people write it: a commune's name, searched with its intercommunality (a commune
    # alone is often too small), each result saying where it is and how far.
    Territory.objects.filter(epci__code="244800405").update(latitude=44.55, longitude=3.5)  # Cœur de Lozère
    Territory.objects.filter(kind="commune", code="48095").update(latitude=44.5181, longitude=3.5006)
    by_name = client.get(url, {"besoin": "club de football", "territoire": "Mende"})
    mende = by_name.context["form"].cleaned_data["territoire"]
    assert mende.name == "Mende"
    found = by_name.context["found"].matches
    assert found and {match.organisation.commune.epci_id for match in found} == {mende.epci_id}
    assert any(match.organisation.commune == mende and match.reason.endswith("à Mende") for match in found)
    elsewhere = [match for match in found if match.organisation.commune != mende]
    assert all(re.search(r"à .+, \d+ km de Mende$", match.reason) for match in elsewhere)
    assert "l'intercommunalité de Mende" in html.unescape(by_name.content.decode())
    by_postal_code = client.get(url, {"besoin": "club de football", "territoire": "48000"})
    assert by_postal_code.context["found"] is None
    assert "Vouliez-vous dire" in by_postal_code.content.decode() and "Mende" in by_postal_code.content.decode()

    # Someone typing an organisation's name finds it first.
    exact = client.get(url, {"besoin": "club informatique pour tous", "territoire": "departement:48"})
    assert exact.context["found"].matches[0].organisation.name == "CLUB INFORMATIQUE POUR TOUS"
    assert exact.context["found"].matches[0].reason.startswith("Son nom, tel que tapé")


def test_an_unknown_territory_says_so(client, db):
    response = client.get(reverse("actors:need"), {"besoin": "aide aux devoirs", "territoire": "Zzyzx"})
    assert response.context["found"] is None
    assert "Aucun territoire ne correspond à « Zzyzx »" in html.unescape(response.content.decode())


def test_the_need_form_is_offered_on_the_home_page_a_portrait_and_the_directory(client, db):
    need_url = reverse("actors:need")
    home = client.get("/").content.decode()
    assert f'action="{need_url}"' in home and 'id="besoin-besoin"' in home
    portrait = client.get("/territoires/commune/48095/").content.decode()
    assert f'action="{need_url}"' in portrait and 'value="Mende (48095)"' in portrait
    directory = client.get(reverse("actors:list"), {"territoire": "commune:48095"}).content.decode()
    assert f'action="{need_url}"' in directory
    # Its own ids beside the directory's territory field.
    assert 'id="besoin-territoire"' in directory and 'id="id_territoire"' in directory


@pytest.mark.parametrize("bound", [5_000, 1], ids=["read-whole", "index-window"])
def test_the_need_page_also_lists_practices_and_catalysts_that_answer_it(client, db, monkeypatch, bound):
    # Beyond the bound (20,000 practices nationally), through the index's window: the same section.
    monkeypatch.setattr("alliances.practices.need.MAX_NEED_CANDIDATES", bound)
    from tests.catalysts.factories import CatalystProfileFactory
    from tests.practices.factories import published_practice

    published_practice(
        title="Une navette solidaire",
        summary="Des bénévoles conduisent les personnes âgées isolées au marché.",
        fragilities=["isolement"],
    )
    published_practice(title="Une épicerie", summary="Reprise du dernier commerce.", fragilities=["centre-bourg"])
    CatalystProfileFactory(name="Agnès Lozère", territories=[("departement", "48")], themes=["isolement"])
    CatalystProfileFactory(name="Bruno Jeunesse", territories=[("departement", "48")], themes=["jeunesse"])
    response = client.get(reverse("actors:need"), {"besoin": "rompre l'isolement de nos aînés", "territoire": "Mende"})
    page = html.unescape(response.content.decode())
    assert "Pratiques qui ont répondu à ce besoin" in page and "Une navette solidaire" in page
    assert "Une épicerie" not in page or page.index("Une navette solidaire") < page.index("Une épicerie")
    assert "Fragilité : « Isolement »" in page or "fragilité : « Isolement »" in page
    assert "Catalyseurs qui peuvent vous aider" in page and "Agnès Lozère" in page
    assert "Bruno Jeunesse" not in page or page.index("Agnès Lozère") < page.index("Bruno Jeunesse")
    assert "thème : « isolement et lien social »" in page


def test_a_category_is_brought_by_a_word_that_names_it_not_by_one_every_label_holds():
    from alliances.actors.need import _category_tags
    from alliances.core.search.need import stem_of
    from tests.actors.factories import ThemeFactory

    ThemeFactory(code="011000", label="Sports, activités de plein air")
    ThemeFactory(code="006000", label="Culture, pratiques d'activités artistiques")
    ThemeFactory(code="022000", label="Activités religieuses, spirituelles")
    ThemeFactory(code="NAF-L", label="Activités immobilières")
    ThemeFactory(code="017000", label="Santé")
    tags = _category_tags()
    assert tags(frozenset({stem_of("sport")})) == ["theme:011000"]
    # "activités" is in four labels: it names none of them.
    assert tags(frozenset({stem_of("activité")})) == []
    assert tags(frozenset({stem_of("activité"), stem_of("santé")})) == ["theme:017000"]
