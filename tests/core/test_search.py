"""The shared full-text search layer, identical on SQLite and PostgreSQL."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances.core.search import (
    IndexEntry,
    delete_document,
    index_document,
    index_documents,
    search_documents,
)
from alliances.core.search.analysis import tag_term, terms

pytestmark = pytest.mark.django_db


def _ids(**kwargs):
    return [m.object_id for m in search_documents(**kwargs)]


@pytest.fixture
def practices():
    index_documents("practice", [
        IndexEntry(1, "Un chantier jeunesse pour l'emploi", "Des jeunes du quartier rénovent le lavoir.", ["odd:8", "region:76"]),
        IndexEntry(2, "Épicerie solidaire", "Lutter contre la précarité alimentaire des emplois précaires", ["odd:2", "region:76"]),
        IndexEntry(3, "Covoiturage rural", "Mobilité des personnes âgées isolées", ["odd:11", "region:53"]),
        IndexEntry(4, "Emplois aidés", "Insertion par l'activité économique", ["odd:8", "region:53"]),
    ])
    index_document(kind="organisation", object_id=1, title="Association jeunesse et emploi", body="")


def test_accents_case_and_stemming(practices):
    assert _ids(kind="practice", query="jeunes") == [1]
    assert set(_ids(kind="practice", query="EMPLOIS")) == {1, 2, 4}
    assert _ids(kind="practice", query="epicerie") == [2]
    assert _ids(kind="practice", query="âgée") == [3]


def test_every_word_must_match_and_title_ranks_first(practices):
    assert _ids(kind="practice", query="jeunesse emploi") == [1]
    assert _ids(kind="practice", query="emploi")[0] in (1, 4)


def test_tags_filter_exactly(practices):
    assert set(_ids(kind="practice", query="emploi", tags=["odd:8"])) == {1, 4}
    assert _ids(kind="practice", query="", tags=["odd:8", "region:53"]) == [4]
    assert _ids(kind="practice", query="", tags=["odd:1"]) == []


def test_kinds_are_separate_and_updates_replace(practices):
    assert _ids(kind="organisation", query="jeunesse") == [1]
    index_document(kind="practice", object_id=1, title="Autre titre", body="rien", tags=[])
    assert _ids(kind="practice", query="jeunesse") == []
    delete_document(kind="practice", object_id=2)
    assert _ids(kind="practice", query="epicerie") == []


def test_stop_words_and_empty_queries_match_nothing(practices):
    assert _ids(kind="practice", query="") == []
    assert _ids(kind="practice", query="le la des") == []


def test_tag_terms_are_single_tokens():
    assert tag_term("departement:2A") == "tagdepartement2a"
    assert terms("Les jeunes et l'emploi") == ["jeun", "emploi"]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_any_user_query_is_safe(query):
    # Quotes, operators, NEAR, column names… are never interpreted as FTS syntax.
    search_documents(kind="practice", query=query, tags=[query])
