"""Search by need in a large territory: the full-text index chooses the window (SQLite and PostgreSQL)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliances.core.search import IndexEntry, index_documents, need_index
from alliances.core.search.index import count_tagged, documents_matching_any, object_ids
from alliances.core.search.need import index_classes

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents():
    index_documents(
        "organisation",
        [
            IndexEntry(1, "Club des aînés", "Rompre la solitude des personnes âgées", ["epci:1", "actif"]),
            IndexEntry(2, "Football club", "Pratique du football", ["epci:1", "actif"]),
            IndexEntry(3, "Amicale", "Fêtes du village", ["epci:1", "actif", "theme:007000"]),
            IndexEntry(4, "Club des retraités", "Solitude et isolement", ["epci:2", "actif"]),
            IndexEntry(5, "Les seniors", "Rencontres", ["epci:1"]),
        ],
    )
    index_documents("practice", [IndexEntry(1, "Solitude", "Rompre la solitude", ["epci:1", "actif"])])
    cache.clear()


def _objects(documents: list[int]) -> set[int]:
    return set(object_ids(documents).values())


def test_any_stem_or_category_tag_matches_within_every_required_tag(documents):
    found = documents_matching_any(
        kind="organisation", stems=["solitud", "football"], tags=["epci:1", "actif"], limit=10
    )
    assert _objects(found) == {1, 2}  # not 4 (other territory), not the practice (other kind)
    found = documents_matching_any(
        kind="organisation", stems=["solitud"], any_tags=["theme:007000"], tags=["epci:1"], limit=10
    )
    assert _objects(found) == {1, 3}
    assert _objects(documents_matching_any(kind="organisation", stems=["senior"], tags=[], limit=10)) == {5}
    # A hyphenated alternative would be a phrase (refused by FTS5): it is left out, the rest still searched.
    assert _objects(
        documents_matching_any(kind="organisation", stems=["micro-crech", "solitud"], tags=["actif"], limit=10)
    ) == {1, 4}
    assert documents_matching_any(kind="organisation", stems=["micro-crech"], tags=["actif"], limit=10) == []
    assert len(documents_matching_any(kind="organisation", stems=["club"], tags=[], limit=2)) == 2


def test_territory_size_is_counted_by_the_index(documents):
    assert count_tagged(kind="organisation", tags=["epci:1", "actif"]) == 3
    assert count_tagged(kind="organisation", tags=["epci:1"]) == 4
    assert count_tagged(kind="organisation", tags=[]) == 5


def test_a_need_word_class_holds_its_synonyms_and_meaning_neighbours_apart():
    classes = index_classes("rompre la solitude de nos aînés")
    assert set(classes) == {"rompre", "solitude", "aînés"}
    assert {"solitud", "isol"} <= classes["solitude"].precise  # its stem, its synonyms' (synonymes.txt)
    assert classes["aînés"].precise & {"ag", "age", "retrait", "senior"}
    assert not classes["solitude"].precise & classes["solitude"].neighbours


def test_the_window_holds_the_documents_of_the_rarest_words_first(documents, monkeypatch):
    monkeypatch.setattr(need_index, "WINDOW", 1)
    found = need_index.indexed_candidates(
        kind="organisation", need="la solitude des clubs", tags=["epci:1", "actif"], class_tags=lambda stems: []
    )
    # "club" is in 2 of the 3 documents, "solitude" in 1: the document holding both weighs most.
    assert found.ids == [1]
    assert found.total == 2 and found.scope.size == 3
    assert found.scope.frequencies["solitude"] == 1 and found.scope.frequencies["clubs"] == 2


def test_a_name_typed_whole_is_found_among_the_titles_holding_every_word(documents):
    from alliances.core.search.index import search_titles

    index_documents("organisation", [IndexEntry(6, "Club de football des retraités du causse", "", ["epci:1"])])
    # Titles only (not "solitude" in a body), every word, best first: the shortest title.
    assert search_titles(kind="organisation", query="football club", tags=["epci:1"], limit=5) == [2, 6]
    assert search_titles(kind="organisation", query="club football", tags=["epci:2"], limit=5) == []
    assert search_titles(kind="organisation", query="solitude", tags=["epci:1"], limit=5) == []
    assert search_titles(kind="organisation", query="", tags=["epci:1"], limit=5) == []


def test_a_search_told_its_departements_finds_the_same_documents(documents):
    """On PostgreSQL the search reads its départements' terms only (migration 0009): the same
    documents as the national index, a territory straddling two départements included."""
    index_documents(
        "organisation",
        [
            IndexEntry(7, "Aînés de Corse-du-Sud", "Solitude", ["epci:9", "departement:2A", "actif"]),
            IndexEntry(8, "Aînés de Haute-Corse", "Solitude", ["epci:9", "departement:2B", "actif"]),
            IndexEntry(9, "Aînés du Gard", "Solitude", ["epci:3", "departement:30", "actif"]),
        ],
    )

    def found(tags, departements=()):
        return _objects(
            documents_matching_any(
                kind="organisation", stems=["solitud"], tags=tags, limit=10, departements=departements
            )
        )

    assert found(["epci:9"]) == found(["epci:9"], ["2A", "2B"]) == {7, 8}
    assert found(["departement:2A", "actif"]) == {7}
    assert found(["departement:2A", "departement:2B"]) == set()  # a document lies in one only
    assert found(["epci:3", "actif"], ["30"]) == {9}
    assert found(["epci:9"], ["2A", "2B"]) == {7, 8}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index par département de PostgreSQL")
def test_postgresql_reads_the_departements_terms(documents):
    # Documents in two départements, so that the plan has a choice between the indexes.
    index_documents(
        "organisation",
        [
            IndexEntry(100 + n, f"Club {n}", "Solitude" if n % 50 == 0 else "Pétanque", ["epci:9", f"departement:{d}"])
            for n in range(2000)
            for d in ["2A" if n % 2 else "2B"]
        ],
    )
    with CaptureQueriesContext(connection) as queries:
        found = documents_matching_any(
            kind="organisation", stems=["solitud"], tags=["epci:9"], limit=100, departements=["2A", "2B"]
        )
    assert len(found) == 40
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE core_searchdocument")
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few pages: reading them all would do
        search = next(q["sql"] for q in queries.captured_queries if "core_search_partitioned" in q["sql"])
        cursor.execute("EXPLAIN " + search)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "on core_searchdocument_partitioned " in plan
    assert "core_searchdocument_vector" not in plan  # not the national index
