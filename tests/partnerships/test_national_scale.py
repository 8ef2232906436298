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


def test_list_count_matches_the_list_for_every_kind_of_reader():
    """The count is computed as two disjoint parts (open to all + mine); it must equal the list's length."""
    from alliances.accounts.enums import Role
    from alliances.partnerships.enums import Visibility
    from tests.partnerships.factories import MembershipFactory

    mende, lyon = _territory("commune", "48095"), _territory("commune", "69123")
    member = UserFactory()
    for visibility in (Visibility.PUBLIC, Visibility.SIGNED_IN, Visibility.MEMBERS):
        for territory in (mende, lyon):
            AllianceFactory(visibility=visibility, territory=territory, step="agir").sdgs.set([8])
            MembershipFactory(user=member, alliance__visibility=visibility, alliance__territory=territory)
    admin = UserFactory()
    from django.contrib.auth.models import AnonymousUser, Group

    admin.groups.add(Group.objects.get_or_create(name=Role.ADMINISTRATOR.value)[0])

    readers = [AnonymousUser(), UserFactory(), member, admin]
    for reader in readers:
        for filters in ({}, {"territory": _territory("departement", "48")}, {"sdg": 8}, {"step": "agir"}):
            expected = len(list(selectors.alliances_for_list(reader, **filters)))
            assert selectors.alliances_for_list_count(reader, **filters) == expected, (reader, filters)


def test_signed_in_count_does_not_scan_every_alliance():
    """No `visibility IN (…) OR id IN (my alliances)` in the count: that OR defeats every index."""
    from django.test.utils import CaptureQueriesContext

    user = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        selectors.alliances_for_list_count(user)
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and not any(" OR " in sql for sql in counts), counts


def test_workspace_suggests_practices_without_counting_them(client, alliance, pilot):
    """The suggestions show three practices, no total: counting the ~2,000 published practices of
    each SDG cost 10–40 ms twice per workspace page at national scale (20,000 practices)."""
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from alliances.practices.models import Practice
    from tests.practices.factories import published_practice

    shown = published_practice(title="Insertion par le bois", fragilities=["emploi"], sdgs=[8])
    client.force_login(pilot)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("partnerships:step", args=[alliance.pk, "agir"])).content.decode()
    assert shown.get_absolute_url() in html
    table = Practice._meta.db_table
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper() and table in q["sql"]]
    assert counts == []
