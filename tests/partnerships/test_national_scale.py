"""What keeps the alliance lists fast with 100,000 alliances (issue 11): index and territory filter."""

import pytest
from django.db import connection

from alliances.partnerships import selectors
from alliances.partnerships.models import Alliance
from alliances.territories.models import Territory
from tests.partnerships.factories import AllianceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _territory(kind, code):
    return Territory.objects.get(kind=kind, code=code)


def test_lists_read_the_most_recent_alliances_from_an_index():
    """Without the (updated_at, id) index every list sorts all alliances to show 20 (150 ms nationally)."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Alliance._meta.db_table)
    assert any(c["index"] and c["columns"][:2] == ["updated_at", "id"] for c in constraints.values())


@pytest.mark.parametrize("kind,code", [("departement", "48"), ("epci", "244800405"), ("region", "76")])
def test_territory_filter_keeps_the_territory_and_what_it_contains(kind, code):
    territory = _territory(kind, code)
    on_it = AllianceFactory(title="Sur le territoire lui-même", territory=territory)
    in_it = AllianceFactory(title="Dans une commune", territory=_territory("commune", "48095"))
    AllianceFactory(title="Ailleurs", territory=_territory("commune", "69123"))
    AllianceFactory(title="Autre département", territory=_territory("departement", "69"))
    found = set(selectors.alliances_for_list(UserFactory(), territory=territory))
    assert found == {on_it, in_it}
    assert selectors.alliances_for_list(UserFactory(), territory=territory).count() == 2
    assert set(selectors.public_alliances_of(territory)) == {on_it, in_it}


def test_territory_filter_on_a_commune_is_the_commune_only():
    mende = _territory("commune", "48095")
    here = AllianceFactory(territory=mende)
    AllianceFactory(territory=_territory("departement", "48"))
    assert list(selectors.alliances_for_list(UserFactory(), territory=mende)) == [here]


def test_territory_filter_is_a_subquery_not_a_join():
    """`territory_id IN (…)`: an OR across the join to the referential cannot use an index."""
    sql = str(selectors.alliances_for_list(UserFactory(), territory=_territory("departement", "48")).query)
    where = sql.split(" WHERE ", 1)[1]
    assert '"territory_id" IN (SELECT' in where and '"departement_id" = ' in where
    assert 'territories_territory"."departement_id"' not in where
