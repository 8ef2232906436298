"""Search by need in a large territory: the full-text index chooses the window (SQLite and PostgreSQL)."""

import pytest
from django.core.cache import cache

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
