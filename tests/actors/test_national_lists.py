"""What keeps the directory's lists sorted by name fast at national scale (issue 11): the page's
ids read from an index alone, then the rows of these ids only."""

import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.actors import selectors
from alliances.actors.models import Organisation
from tests.actors.factories import OrganisationFactory, commune

pytestmark = pytest.mark.django_db


def _page_query(queries) -> str:
    [sql] = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "actors_organisation"' in q["sql"] and "ORDER BY" in q["sql"] and "COUNT(" not in q["sql"]
    ]
    return sql


def test_the_indexes_of_the_name_order_carry_the_commune():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Organisation._meta.db_table)
    indexes = [c["columns"] for c in constraints.values() if c["index"]]
    assert ["commune_id", "name", "id"] in indexes
    if connection.vendor == "postgresql":  # the commune outside the order (INCLUDE), for index-only walks
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'organisation_name_id_commune'")
            assert cursor.fetchone()[0].endswith("(name, id) INCLUDE (commune_id)")


@pytest.mark.parametrize("name_index_above", [0, 1_000_000])
def test_a_commune_list_reads_its_page_in_name_order_whatever_its_size(client, monkeypatch, name_index_above):
    """One commune, no other filter: `commune_id = X ORDER BY name, id LIMIT 25` on the (commune,
    name, id) index, never a sort of all its organisations (Strasbourg: 54 ms → 0.3 ms)."""
    monkeypatch.setattr(selectors, "NAME_INDEX_ABOVE", name_index_above)
    names = [f"Association {word}" for word in random.Random(4).sample(range(1000), 30)]
    for name in names:
        OrganisationFactory(name=name)
    OrganisationFactory(name="Association 0000 de Lyon", commune=commune("69123"))
    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("actors:list"), {"territoire": "commune:48095"}).content.decode()
    sql = _page_query(queries)
    assert (
        '"commune_id" = ' in sql and 'ORDER BY "actors_organisation"."name" ASC, "actors_organisation"."id" ASC' in sql
    )
    assert "COALESCE" not in sql.split("ORDER BY")[-1]
    if connection.vendor == "postgresql":  # the ids from the index alone, then the rows
        # (Django names the inner alias U0, or V0 when the unlisted organisations' subquery took U0.)
        assert re.search(r'IN \(SELECT ([UV]0)\."id".*ORDER BY \1\."name" ASC, \1\."id" ASC LIMIT 25', sql)
    second = client.get(reverse("actors:list"), {"territoire": "commune:48095", "page": 2}).content.decode()
    shown = [name for name in sorted(names) if name in first] + [name for name in sorted(names) if name in second]
    assert shown == sorted(names) and "Association 0000 de Lyon" not in first
    assert first.index(sorted(names)[0]) < first.index(sorted(names)[24])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index-only walk: PostgreSQL")
def test_a_long_territory_list_finds_its_page_ids_before_reading_rows(client, monkeypatch):
    """Above NAME_INDEX_ABOVE the page walks the (name, id) index: its ids first (index-only, the
    commune read from the index), so that only the page's rows are visited (Haute-Vienne's first
    page visited 4,795 rows, now 20)."""
    monkeypatch.setattr(selectors, "NAME_INDEX_ABOVE", 1)
    for name in ["Zèbre", "Amicale", "Maison des jeunes"]:
        OrganisationFactory(name=name, commune=commune("48061"))
    OrganisationFactory(name="Aaa de Lyon", commune=commune("69123"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/acteurs", {"departement": "48", "limit": 2})
    assert [item["nom"] for item in response.json()["items"]] == ["Amicale", "Maison des jeunes"]
    sql = _page_query(queries)
    page_ids = re.search(r'IN \(SELECT ([UV]0)\."id"(.*)', sql)
    assert page_ids and f'ORDER BY {page_ids[1]}."name" ASC, {page_ids[1]}."id" ASC LIMIT 2' in sql
    # The département's communes as a list of ids, not a join: through the join PostgreSQL
    # misjudges how many organisations they hold and sorts them all (Paris: 73 ms → 0.3 ms).
    subquery = page_ids[2]
    assert f'{page_ids[1]}."commune_id" IN (' in subquery and "territories_territory" not in subquery.split("LIMIT")[0]
    # Filtered by theme or SDG the list is DISTINCT: rows read as before.
    assert client.get("/api/v1/acteurs", {"departement": "48", "odd": 3}).json()["count"] == 0


@pytest.mark.parametrize("ref", ["departement:48", "epci:244800405", "region:76"])
def test_a_territory_given_as_its_communes_keeps_the_same_organisations(ref):
    from alliances.territories.refs import parse_territory_ref
    from alliances.territories.selectors import territory_get

    territory = territory_get(parse_territory_ref(ref))
    for code in ["48095", "48061", "69123", "34172"]:
        OrganisationFactory(commune=commune(code))
    OrganisationFactory(commune=None)
    joined = set(Organisation.objects.in_territory(territory))
    assert joined and set(Organisation.objects.in_territory(territory, listed=True)) == joined


@pytest.mark.skipif(connection.vendor != "sqlite", reason="plan de SQLite")
def test_sqlite_reads_a_commune_page_from_the_commune_name_index():
    """Without it SQLite would walk the whole (name, id) index to fill a small commune's page."""
    from alliances.territories.models import Territory

    mende = Territory.objects.get(kind="commune", code="48095")
    results = selectors.organisations_search(selectors.DirectoryFilters(territory=mende, sort="nom"))
    sql, params = results[0:25].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "organisation_commune_name" in plan and "TEMP B-TREE" not in plan
