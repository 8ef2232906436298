"""The public list of calls for partners (/appels/): filters as people type them, nothing private leaks,
answering leads to the alliance's join form; `calls_open_for` for the personal space."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from alliances.partnerships import selectors
from alliances.partnerships.models import JoinRequest
from alliances.territories.models import Territory
from tests.partnerships.calls_world import NEVER, calls_world
from tests.partnerships.factories import AllianceFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/appels/"


@pytest.fixture
def world():
    return calls_world()


def _titles(html: str) -> list[str]:
    """The calls listed, in order (the title of each card)."""
    return re.findall(r'<h3><a href="/alliances/\d+/">([^<]+)</a></h3>', html)


def _get(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_lists_open_public_calls_soonest_deadline_first_and_never_the_others(
    client, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        html = _get(client)
    assert _titles(html) == [
        "Logement à Rennes (dernier jour)",  # ends today: still open
        "Cantines de Lyon",
        "Emploi des jeunes à Mende",
        "Mobilité à Marvejols",
        "Aînés de Lozère",  # without deadline, last
    ]
    assert "5 appels à partenaires ouverts" in html
    assert "Réponse attendue au plus tard le" in html and "Sans date limite" in html
    for title in NEVER:
        assert title not in html
        assert "Texte de l&#x27;appel « " + title not in html


def test_territory_typed_as_a_name_includes_the_territories_containing_it(client, world):
    html = _get(client, territoire="Mende")
    # Mende's own call, and Lozère's (a call of the département concerns Mende); not Marvejols nor Lyon.
    assert _titles(html) == ["Emploi des jeunes à Mende", "Aînés de Lozère"]
    assert "2 appels à partenaires ouverts pour Mende" in html
    assert 'value="Mende"' in html  # as typed: the heading names the territory found


def test_a_departement_includes_the_calls_of_its_communes(client, world):
    html = _get(client, territoire="Lozère")
    assert _titles(html) == ["Emploi des jeunes à Mende", "Mobilité à Marvejols", "Aînés de Lozère"]
    assert "pour la Lozère" in html


def test_an_ambiguous_postal_code_is_asked_back_and_lists_nothing_meanwhile(client, world):
    html = _get(client, territoire="48000")
    assert "Vouliez-vous dire" in html
    assert _titles(html) == []
    link = re.search(r'href="\?([^"]*territoire=Mende\+%2848095%29[^"]*)"', html)
    assert link, "un lien par commune du code postal"
    html = client.get(f"{URL}?{link.group(1).replace('&amp;', '&')}").content.decode()
    assert _titles(html) == ["Emploi des jeunes à Mende", "Aînés de Lozère"]


def test_an_unknown_territory_lists_nothing(client, world):
    html = _get(client, territoire="Zzyzx")
    assert "Aucun territoire ne correspond" in html and _titles(html) == []


def test_filter_by_theme_and_sdg(client, world):
    assert _titles(_get(client, theme="emploi")) == ["Emploi des jeunes à Mende", "Mobilité à Marvejols"]
    assert _titles(_get(client, odd="11")) == ["Logement à Rennes (dernier jour)", "Mobilité à Marvejols"]
    assert _titles(_get(client, theme="emploi", odd="8", territoire="Lozère")) == ["Emploi des jeunes à Mende"]
    html = _get(client, theme="handicap")
    assert _titles(html) == [] and "Aucun appel à partenaires ouvert" in html
    # The empty state says what to do.
    assert "Élargissez la recherche" in html and "démarrez la vôtre" in html


def test_filter_by_deadline(client, world):
    day = world.today + timedelta(days=10)
    html = _get(client, avant=day.isoformat())
    assert _titles(html) == ["Logement à Rennes (dernier jour)", "Cantines de Lyon", "Emploi des jeunes à Mende"]
    assert _titles(_get(client, avant=world.today.isoformat())) == ["Logement à Rennes (dernier jour)"]


def test_an_invalid_filter_is_explained_not_ignored(client, world):
    html = _get(client, avant="pas une date", theme="inconnu")
    assert _titles(html) == [] and "Filtres à corriger" in html
    assert "Saisissez une date valide" in html or "date valide" in html


def test_filters_are_accessible_and_the_feeds_are_linked(client, world):
    html = _get(client, territoire="Mende", theme="emploi")
    assert "<fieldset>" in html and "<legend>Filtrer les appels</legend>" in html
    for name in ("territoire", "theme", "odd", "avant"):
        assert f'<label for="id_{name}">' in html
    assert 'role="combobox"' in html or "data-territory-autocomplete" in html
    feed = (
        '<link rel="alternate" type="application/atom+xml" title="Appels à partenaires (Atom)" href="/appels/flux.atom?'
    )
    assert feed in html
    assert 'type="text/calendar"' in html and 'href="/appels/echeances.ics?' in html
    assert "territoire=Mende" in html.split(feed)[1].split('"')[0]


def test_pagination_keeps_the_filters(client, db):
    for n in range(23):
        AllianceFactory(title=f"Appel {n:02d}", call_open=True, call_text="Texte", fragilities=["emploi"])
    html = _get(client, theme="emploi")
    assert len(_titles(html)) == 20 and "23 appels à partenaires ouverts" in html
    assert "Page 1 sur 2" in html and 'href="?theme=emploi&amp;page=2"' in html
    assert len(_titles(_get(client, theme="emploi", page="2"))) == 3


def test_each_call_links_to_the_answer_form_or_to_sign_in(client, world):
    join = reverse("partnerships:join", args=[world.mende.pk])
    html = _get(client, territoire="Mende")
    assert f'href="/compte/login/?next={join}%3Fappel%3D1"' in html
    response = client.get(f"{join}?appel=1")
    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")

    user = UserFactory()
    client.force_login(user)
    html = _get(client, territoire="Mende")
    assert f'href="{join}?appel=1"' in html
    form = client.get(f"{join}?appel=1").content.decode()
    assert "<h1>Répondre à l'appel à partenaires</h1>" in form and "Texte de l&#x27;appel" in form
    client.post(
        f"{join}?appel=1", {"organisation_name": "BTP Causses", "organisation_name_type": "entreprise", "appel": "1"}
    )
    request = JoinRequest.objects.get()
    assert request.alliance == world.mende and request.answers_call and request.user == user


def test_an_expired_call_can_no_longer_be_answered(client, world):
    world.mende.call_deadline = world.today - timedelta(days=1)
    world.mende.save()
    client.force_login(UserFactory())
    page = client.get(world.mende.get_absolute_url()).content.decode()
    assert "Répondre à l'appel" not in page and 'id="appel"' not in page
    join = reverse("partnerships:join", args=[world.mende.pk])
    # An old link says the call is closed before anyone writes an answer.
    response = client.get(f"{join}?appel=1", follow=True)
    assert response.redirect_chain[-1][0] == world.mende.get_absolute_url()
    assert "L&#x27;appel à partenaires de cette alliance est clos." in response.content.decode()
    response = client.post(
        f"{join}?appel=1", {"organisation_name": "BTP Causses", "organisation_name_type": "entreprise", "appel": "1"}
    )
    assert "clos" in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_a_pilot_cannot_open_a_call_with_a_past_deadline(client, alliance, pilot):
    client.force_login(pilot)
    url = reverse("partnerships:edit_section", args=[alliance.pk, "appel"])
    yesterday = (alliance.created_at.date() - timedelta(days=1)).isoformat()
    data = {"call_open": "on", "call_text": "Nous cherchons.", "call_deadline": yesterday, "version": alliance.version}
    response = client.post(url, data)
    assert response.status_code == 200 and "Cette date est passée" in response.content.decode()
    alliance.refresh_from_db()
    assert not alliance.call_open and alliance.call_deadline is None


def test_main_navigation_leads_to_the_calls(client, db):
    html = client.get("/").content.decode()
    assert '<a href="/appels/">Appels à partenaires</a>' in html


# --- calls_open_for: the selector of the personal space ---------------------------------------


def test_calls_open_for_a_territory_and_themes(world):
    mende = Territory.objects.get(kind="commune", code="48095", commune_type="commune-actuelle")
    lozere = Territory.objects.get(kind="departement", code="48")
    assert [a.title for a in selectors.calls_open_for(territory=mende)] == [
        "Emploi des jeunes à Mende",
        "Aînés de Lozère",
    ]
    # The calls sharing the most themes first, then those on the territory itself, then the soonest.
    found = selectors.calls_open_for(territory=lozere, themes=["mobilite", "emploi", "sport (inconnu)"])
    assert [a.title for a in found] == ["Mobilité à Marvejols", "Emploi des jeunes à Mende"]
    assert [a.title for a in selectors.calls_open_for(territory=lozere)] == [
        "Aînés de Lozère",  # on the département itself
        "Emploi des jeunes à Mende",
        "Mobilité à Marvejols",
    ]
    assert [a.title for a in selectors.calls_open_for(themes=["emploi"], limit=1)] == ["Emploi des jeunes à Mende"]
    assert len(selectors.calls_open_for()) == 5
    assert selectors.calls_open_for(limit=0) == []
    everything = {a.title for a in selectors.calls_open_for(limit=100)}
    assert not everything & set(NEVER)
