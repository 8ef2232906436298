"""The mobiliser step searches partners from the alliance's own problem (search by need), without typing."""

import pytest
from django.urls import reverse

from alliances.partnerships.models import ActorTarget, Alliance
from tests.actors.factories import OrganisationFactory, commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations():
    badaroux = commune("48013")  # Cœur de Lozère, like Mende
    return {
        "tilleuls": OrganisationFactory(
            name="Les Tilleuls", register_object="Rompre l'isolement des personnes âgées", commune=badaroux
        ),
        "foot": OrganisationFactory(name="Football club", register_object="Pratique du football"),
        "lyon": OrganisationFactory(
            name="Isolement Lyon", register_object="Rompre l'isolement", commune=commune("69123")
        ),
    }


def test_the_alliance_problem_finds_partners_around_its_territory(client, alliance, pilot, organisations):
    Alliance.objects.filter(pk=alliance.pk).update(problem="Rompre l'isolement de nos aînés, seuls dans les hameaux.")
    client.force_login(pilot)
    url = reverse("partnerships:step", args=[alliance.pk, "mobiliser"])
    response = client.get(url)
    page = response.content.decode()
    names = [s.name for s in response.context["need_suggestions"]]
    assert names[0] == "Les Tilleuls" and "Isolement Lyon" not in names  # around Mende only
    assert "Rompre l&#x27;isolement de nos aînés, seuls dans les hameaux." in page  # the need, prefilled
    assert 'value="Mende (48095)"' in page  # the territory, prefilled
    reason = response.context["need_suggestions"][0].reason
    assert reason.startswith("Mots de son objet : « rompre », « isolement »") and "à Badaroux" in reason

    # The usual action puts it on the map of actors, with the reason; it then leaves the suggestions.
    add = reverse("partnerships:actor_add", args=[alliance.pk, organisations["tilleuls"].pk])
    client.post(add, {"why": "Recherche par besoin : " + reason})
    target = ActorTarget.objects.get(alliance=alliance)
    assert target.organisation == organisations["tilleuls"] and target.why.startswith("Recherche par besoin")
    assert "Les Tilleuls" not in [s.name for s in client.get(url).context["need_suggestions"]]

    # Rewording the need searches again.
    reworded = client.get(url, {"besoin": "un club de football pour les enfants", "territoire": "Mende"})
    assert reworded.context["need_suggestions"][0].name == "Football club"


def test_a_territory_that_does_not_resolve_is_asked_back(client, alliance, pilot):
    client.force_login(pilot)
    url = reverse("partnerships:step", args=[alliance.pk, "mobiliser"])
    response = client.get(url, {"besoin": "du football", "territoire": "Zzyzx"})
    assert response.context["need_suggestions"] is None
    assert "Aucun territoire ne correspond" in response.content.decode()
