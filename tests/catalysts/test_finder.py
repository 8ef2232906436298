"""The finder: closeness first, then match; a reason line for each result."""

import pytest

from alliances.catalysts.enums import Availability, ProfileStatus
from alliances.catalysts.geography import neighbouring_departements, of_departement
from alliances.catalysts.selectors import FinderCriteria, catalysts_find
from tests.catalysts.factories import CatalystProfileFactory, territory

pytestmark = pytest.mark.django_db

MENDE = ("commune", "48095")


@pytest.fixture
def network():
    return {
        "lozere": CatalystProfileFactory(name="Agnès Lozère", territories=[("departement", "48")]),
        "occitanie": CatalystProfileFactory(name="Bruno Occitanie", territories=[("region", "76")]),
        "bretagne": CatalystProfileFactory(
            name="Corentin Breizh", territories=[("region", "53"), ("departement", "35")]
        ),
        "mende": CatalystProfileFactory(
            name="Denise Mende", territories=[MENDE], metiers=["dialogue"], themes=["jeunesse"]
        ),
        "epci": CatalystProfileFactory(name="Émile Cœur", territories=[("epci", "244800405")]),
        "cantal": CatalystProfileFactory(name="Fanny Cantal", territories=[("departement", "15")]),
        "aveyron_commune": CatalystProfileFactory(name="Gilles Rodez", territories=[("commune", "12202")]),
    }


def names(results):
    return [r.profile.name for r in results]


def test_lozere_commune_ranks_departement_before_region_and_leaves_brittany_out(network):
    results = catalysts_find(FinderCriteria(territory=territory(*MENDE)))
    order = names(results)
    assert order.index("Agnès Lozère") < order.index("Bruno Occitanie")
    assert "Corentin Breizh" not in order
    assert order[:3] == ["Denise Mende", "Émile Cœur", "Agnès Lozère"]
    reasons = {r.profile.name: r.reason for r in results}
    assert reasons["Agnès Lozère"] == "intervient sur le département de la Lozère · accompagnement · vieillissement"
    assert reasons["Bruno Occitanie"].startswith("intervient sur la région Occitanie")
    assert reasons["Émile Cœur"].startswith("intervient sur l'intercommunalité")


def test_neighbouring_departement_comes_after_the_region(network):
    order = names(catalysts_find(FinderCriteria(territory=territory(*MENDE))))
    # Cantal is a neighbour of Lozère in another région; a commune of Aveyron is in the same région.
    assert order.index("Bruno Occitanie") < order.index("Fanny Cantal")
    assert order[-1] == "Fanny Cantal"
    result = next(
        r for r in catalysts_find(FinderCriteria(territory=territory(*MENDE))) if r.profile.name == "Fanny Cantal"
    )
    assert result.reason.startswith("intervient sur le département du Cantal, voisin de la Lozère")


def test_match_on_metier_and_theme_orders_within_the_same_closeness():
    CatalystProfileFactory(
        name="Zoé Accompagne", territories=[("departement", "48")], metiers=["accompagnement"], themes=["emploi"]
    )
    CatalystProfileFactory(
        name="Alain Partiel", territories=[("departement", "48")], metiers=["lieu"], themes=["vieillissement"]
    )
    CatalystProfileFactory(
        name="Yves Complet", territories=[("departement", "48")], metiers=["accompagnement"], themes=["vieillissement"]
    )
    CatalystProfileFactory(
        name="Bob Horssujet", territories=[("departement", "48")], metiers=["lieu"], themes=["culture"]
    )
    results = catalysts_find(
        FinderCriteria(territory=territory(*MENDE), metier="accompagnement", theme="vieillissement")
    )
    assert names(results) == ["Yves Complet", "Alain Partiel", "Zoé Accompagne"]
    assert results[0].reason == "intervient sur le département de la Lozère · accompagnement · vieillissement"


def test_unavailable_come_last_and_say_so():
    CatalystProfileFactory(name="Anne Absente", territories=[MENDE], availability=Availability.UNAVAILABLE)
    CatalystProfileFactory(name="Zacharie Région", territories=[("region", "76")])
    results = catalysts_find(FinderCriteria(territory=territory(*MENDE)))
    assert names(results) == ["Zacharie Région", "Anne Absente"]
    assert results[-1].reason.endswith("pas disponible en ce moment")
    assert names(catalysts_find(FinderCriteria(territory=territory(*MENDE), available_only=True))) == [
        "Zacharie Région"
    ]


def test_hidden_pending_or_deactivated_profiles_are_never_found():
    CatalystProfileFactory(name="Masqué", territories=[MENDE], is_public=False)
    CatalystProfileFactory(name="En attente", territories=[MENDE], status=ProfileStatus.PENDING)
    gone = CatalystProfileFactory(name="Parti", territories=[MENDE])
    gone.user.is_active = False
    gone.user.save()
    assert catalysts_find(FinderCriteria(territory=territory(*MENDE))) == []
    assert catalysts_find(FinderCriteria()) == []


def test_coordinates_when_present_bring_a_close_commune_across_an_unlisted_border():
    mende, other = territory(*MENDE), territory("commune", "35238")  # Rennes, far away
    mende.latitude, mende.longitude = 44.518, 3.500
    mende.save()
    other.latitude, other.longitude = 44.60, 3.60  # pretend it were 12 km away
    other.save()
    CatalystProfileFactory(name="Proche", territories=[("commune", "35238")])
    results = catalysts_find(FinderCriteria(territory=mende))
    assert names(results) == ["Proche"]
    assert results[0].reason.startswith("intervient sur la commune de Rennes, à 12 km")


def test_neighbours_table_is_symmetric_and_knows_lozere():
    table = neighbouring_departements()
    assert table["48"] == {"07", "12", "15", "30", "43"}
    assert table["35"] == {"22", "44", "49", "50", "53", "56"}
    assert "76" not in table["14"]  # the Seine estuary is no land border
    for code, neighbours in table.items():
        for other in neighbours:
            assert code in table[other], (code, other)
    assert len(table) == 101


def test_every_departement_has_its_article():
    from alliances.catalysts.geography import _PREPOSITIONS

    missing = set(neighbouring_departements()) - set(_PREPOSITIONS) - {"75", "974", "976"}
    assert not missing
    assert of_departement("48", "Lozère") == "de la Lozère"
    assert of_departement("07", "Ardèche") == "de l'Ardèche"
    assert of_departement("30", "Gard") == "du Gard"


def test_finder_page_shows_reason_lines_with_bounded_queries(client, network, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get("/catalyseurs/", {"territoire": "commune:48095"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "intervient sur le département de la Lozère · accompagnement · vieillissement" in html
    assert html.index("Agnès Lozère") < html.index("Bruno Occitanie")
    assert "Corentin Breizh" not in html
    assert "@" not in html.split("<main", 1)[1]


def test_finder_page_reports_an_unknown_territory_in_french(client):
    response = client.get("/catalyseurs/", {"territoire": "zzzzqqq"})
    assert response.status_code == 200
    assert "Aucun territoire ne correspond à « zzzzqqq »" in response.content.decode()


def test_closeness_is_computed_without_an_or_across_the_referential(network):
    """Issue 11: "in this territory, its EPCI, département, région or a neighbour" written as an OR
    across the join with the 39,000 territories made PostgreSQL hash them all (13 ms per search
    nationally); the finder reads where each catalyst acts and ranks the places in Python."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alliances.territories.models import Territory

    mende = territory(*MENDE)
    with CaptureQueriesContext(connection) as queries:
        found = names(catalysts_find(FinderCriteria(territory=mende)))
    assert "Corentin Breizh" not in found and found[0] == "Denise Mende"
    table = Territory._meta.db_table
    with_or = [q["sql"] for q in queries.captured_queries if table in q["sql"] and " OR " in q["sql"]]
    assert with_or == []
    # département, its neighbours, where catalysts act (with those places), the profiles, their SDGs
    assert len(queries) <= 5


def test_far_catalysts_come_after_the_near_ones_when_asked(network):
    from alliances.catalysts.selectors import ELSEWHERE

    nowhere = CatalystProfileFactory(name="Hélène Partout", territories=[])
    results = catalysts_find(FinderCriteria(territory=territory(*MENDE)), include_far=True)
    order = names(results)
    assert order[:3] == ["Denise Mende", "Émile Cœur", "Agnès Lozère"]
    assert {"Corentin Breizh", nowhere.name} <= set(order)
    assert all(r.level == ELSEWHERE for r in results if r.profile.name in ("Corentin Breizh", nowhere.name))
