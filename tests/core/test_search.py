"""The shared full-text search layer, identical on SQLite and PostgreSQL."""

import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances.core.search import (
    IndexEntry,
    delete_document,
    index_document,
    index_documents,
    index_documents_bulk,
    search_documents,
    vocabulary,
)
from alliances.core.search import index as search_index
from alliances.core.search.analysis import tag_term, terms

pytestmark = pytest.mark.django_db


def _ids(**kwargs):
    return [m.object_id for m in search_documents(**kwargs)]


@pytest.fixture
def practices():
    index_documents(
        "practice",
        [
            IndexEntry(
                1,
                "Un chantier jeunesse pour l'emploi",
                "Des jeunes du quartier rénovent le lavoir.",
                ["odd:8", "region:76"],
            ),
            IndexEntry(
                2,
                "Épicerie solidaire",
                "Lutter contre la précarité alimentaire des emplois précaires",
                ["odd:2", "region:76"],
            ),
            IndexEntry(3, "Covoiturage rural", "Mobilité des personnes âgées isolées", ["odd:11", "region:53"]),
            IndexEntry(4, "Emplois aidés", "Insertion par l'activité économique", ["odd:8", "region:53"]),
        ],
    )
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


def test_relevance_counts_with_tags_and_shorter_titles_first():
    # The tags carry no weight, but must not flatten the ranking (PostgreSQL's ts_rank used to
    # give 0 to every document of a query with a tag).
    index_documents(
        "practice",
        [
            IndexEntry(1, "Un long titre pour un jardin partagé au bord de la rivière", "", ["odd:2"]),
            IndexEntry(2, "Jardin partagé", "", ["odd:2"]),
            IndexEntry(3, "Épicerie", "Un jardin derrière la boutique", ["odd:2"]),
        ],
    )
    matches = search_documents(kind="practice", query="jardins", tags=["odd:2"])
    assert [m.object_id for m in matches] == [2, 1, 3]
    assert matches[0].rank > matches[1].rank > matches[2].rank > 0


def test_beyond_the_window_titles_holding_every_word_come_first(monkeypatch):
    monkeypatch.setattr(search_index, "RANK_WINDOW", 3)
    # Five documents mention "jardin" in their text only, indexed before the two named so.
    index_documents(
        "practice",
        [IndexEntry(i, f"Projet {i}", "Un jardin", ["odd:2"]) for i in range(1, 6)]
        + [IndexEntry(10, "Jardin des voisins", "", ["odd:2"]), IndexEntry(11, "Le jardin", "", ["odd:2"])],
    )
    # 7 matches, a window of 3: the two titles first, then one of the others.
    ranked = _ids(kind="practice", query="jardin", tags=["odd:2"], limit=3)
    assert ranked[:2] == [11, 10] and ranked[2] in range(1, 6)
    # A page within the window is a slice of the same list.
    assert _ids(kind="practice", query="jardin", tags=["odd:2"], limit=2) == ranked[:2]
    # Without a limit, every match is ranked.
    assert _ids(kind="practice", query="jardin", limit=None)[:2] == [11, 10]
    assert len(_ids(kind="practice", query="jardin", limit=None)) == 7


def test_a_one_letter_word_matches_itself_only():
    index_documents("resource", [IndexEntry(1, "Vitamine B", ""), IndexEntry(2, "Boulangerie", "")])
    assert _ids(kind="resource", query="b") == [1]
    assert _ids(kind="resource", query="bo") == [2]


@pytest.mark.parametrize("kind_in_match", [True, False])
def test_kinds_sharing_words_stay_apart_at_the_window_edge(monkeypatch, kind_in_match):
    # The kind is filtered inside the full-text match, or on each match's document for a kind
    # that fills most of the index: the same results either way.
    monkeypatch.setattr(search_index, "_kind_in_match", lambda kind: kind_in_match)
    monkeypatch.setattr(search_index, "RANK_WINDOW", 2)
    index_documents("organisation", [IndexEntry(i, "Club de jeunes", "") for i in range(1, 8)])
    index_documents("practice", [IndexEntry(1, "Jeunes", ""), IndexEntry(2, "Emploi", "des jeunes")])
    assert _ids(kind="practice", query="jeunes", limit=1) == [1]
    assert _ids(kind="practice", query="jeunes") == [1, 2]
    assert len(_ids(kind="organisation", query="jeunes", limit=5)) == 5
    assert _ids(kind="organisation", query="jeunes", tags=["odd:1"]) == []


# --- PostgreSQL: prefixes sent as the exact terms of the vocabulary (issue 11) ------------------

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="vocabulaire PostgreSQL")


def _document_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "FROM core_searchdocument" in q["sql"]]


@postgresql_only
def test_postgresql_sends_a_prefix_as_the_exact_terms_that_start_so(practices):
    """`jeun:*` makes PostgreSQL read every term starting so over the whole base before the
    tags narrow it down (70 to 140 ms for a common word at national scale); the exact terms
    are intersected lazily with them (7 ms)."""
    index_documents_bulk("practice", [IndexEntry(5, "Jeux de société", "Ludothèque", ["odd:8"])])
    assert terms("Jeux") == ["jeu"]
    with CaptureQueriesContext(connection) as queries:
        assert set(_ids(kind="practice", query="jeu emploi", tags=["odd:8"])) == {1}
    [sql] = _document_queries(queries)
    assert ":*" not in sql
    assert "(jeu:AB | jeun:AB | jeuness:AB)" in sql and "(emploi:AB)" in sql
    with CaptureQueriesContext(connection) as queries:  # terms written by the bulk path too
        assert _ids(kind="practice", query="ludo") == [5]
    [sql] = _document_queries(queries)
    assert f"({terms('Ludothèque')[0]}:AB)" in sql


@postgresql_only
def test_postgresql_a_word_no_document_holds_queries_no_document(practices):
    with CaptureQueriesContext(connection) as queries:
        assert _ids(kind="practice", query="emploi zzyzx") == []
        assert search_index.matching_ids_sql(kind="practice", query="zzyzx") is None
    assert _document_queries(queries) == []


@postgresql_only
def test_postgresql_a_prefix_of_too_many_terms_stays_a_prefix_with_the_same_results(practices, monkeypatch):
    expected = {
        word: set(_ids(kind="practice", query=word, tags=tags))
        for word, tags in [("em", []), ("e", []), ("jeun", ["odd:8"]), ("precai", [])]
    }
    monkeypatch.setattr(vocabulary, "MAX_EXPANSION", 1)
    with CaptureQueriesContext(connection) as queries:
        assert {
            word: set(_ids(kind="practice", query=word, tags=tags))
            for word, tags in [("em", []), ("e", []), ("jeun", ["odd:8"]), ("precai", [])]
        } == expected
    assert ":*AB" in " ".join(_document_queries(queries))


def test_a_prefix_never_matches_the_tags():
    # Tags are tokens of the documents too ("tagodd8"): words look in the title and body only.
    index_documents("practice", [IndexEntry(1, "Jardin", "", ["odd:8"])])
    assert _ids(kind="practice", query="tagodd") == []
    assert _ids(kind="practice", query="jardin", tags=["odd:8"]) == [1]


def test_the_vocabulary_holds_every_term_of_the_titles_and_bodies_written(practices):
    index_documents_bulk("practice", [IndexEntry(5, "Jeux de société", "Ludothèque", ["odd:8"])])
    ludo = terms("Ludothèque")[0]
    expected = {"jeu": ["jeu", "jeun", "jeuness"], "ludo": [ludo], "tagodd": [], "zz": []}
    assert vocabulary.expansions(["jeu", "ludo", "tagodd", "zz"]) == expected
    # The migration fills it the same way from the documents already there.
    fill = importlib.import_module("alliances.core.migrations.0005_search_vocabulary")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_searchterm")
        for statement in fill.POSTGRESQL if connection.vendor == "postgresql" else fill.SQLITE:
            cursor.execute(statement)
    assert vocabulary.expansions(["jeu", "ludo", "tagodd", "zz"]) == expected


@pytest.mark.parametrize(
    "writer", ["index_documents", "index_documents_bulk", "write_documents", "write_documents_without_terms"]
)
def test_words_of_every_length_match_as_prefixes_whatever_the_writer(writer):
    # Under SQLite the prefix index covers 2 to 4 letters; a longer word is expanded to the
    # terms of the vocabulary, recorded by whichever function wrote the documents (PostgreSQL
    # expands every word).
    from alliances.core.search import document_preparer, index_documents_bulk, write_documents

    entries = [
        IndexEntry(1, "Protection de l'environnement", "professionnels du bâtiment"),
        IndexEntry(2, "Environs de Mende", "des professeurs"),
        IndexEntry(3, "Club de pétanque", ""),
    ]
    if writer == "index_documents":
        index_documents("resource", entries)
    elif writer == "index_documents_bulk":
        index_documents_bulk("resource", entries)
    else:
        prepare = document_preparer()
        documents = [(e.object_id, prepare(e)) for e in entries]
        write_documents("resource", documents, terms=None if writer.endswith("without_terms") else prepare.new_terms())
    assert set(_ids(kind="resource", query="environnement")) == {1, 2}  # "environ" is the stem of both
    assert _ids(kind="resource", query="professionnel") == [1]
    assert set(_ids(kind="resource", query="profes")) == {1, 2}
    assert _ids(kind="resource", query="pétanques") == [3]
    assert set(_ids(kind="resource", query="pro")) == {1, 2}
    assert _ids(kind="resource", query="environnements professionnels") == [1]
    assert _ids(kind="resource", query="professionnalisation") == []  # starts no term: nothing
    assert _ids(kind="resource", query="zoologique") == []


def test_a_word_starting_many_terms_still_matches_them_all(monkeypatch):
    # Past MAX_EXPANSION terms, the word is the database's own prefix query: the same documents.
    monkeypatch.setattr(vocabulary, "MAX_EXPANSION", 3)
    index_documents(
        "resource", [IndexEntry(i, f"Jardinage{'x' * i}", "") for i in range(1, 7)] + [IndexEntry(10, "Jardin", "")]
    )
    assert set(_ids(kind="resource", query="jardinage")) == set(range(1, 7))
    assert len(_ids(kind="resource", query="jardin")) == 7


def test_matching_ids_sql_selects_what_search_documents_finds(practices):
    from alliances.core.search import matching_ids_sql

    assert matching_ids_sql(kind="practice", query="zoologique") is None
    for query, expected in (("jeunesse", 1), ("emplois", 3), ("precaire", 1)):
        sql, params = matching_ids_sql(kind="practice", query=query)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) m", params)
            assert cursor.fetchone()[0] == expected == len(_ids(kind="practice", query=query))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="réglages de FTS5")
def test_bulk_writing_merges_less_eagerly_then_restores_the_index_settings():
    from alliances.core.search import bulk_writing

    def settings_():
        with connection.cursor() as cursor:
            cursor.execute("SELECT k, v FROM core_searchdocument_fts_config WHERE k != 'version'")
            return dict(cursor.fetchall())

    with bulk_writing():
        assert settings_() == {"automerge": 16, "crisismerge": 64, "hashsize": 16 * 1024 * 1024}
        index_documents("practice", [IndexEntry(1, "Jardins partagés", "")])
    assert settings_() == {"automerge": 4, "crisismerge": 16, "hashsize": 1024 * 1024}
    assert _ids(kind="practice", query="jardin") == [1]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(max_size=60), st.text(max_size=120), st.lists(st.text(max_size=12), max_size=3)),
        min_size=1,
        max_size=4,
    )
)
def test_prepared_documents_are_the_analysed_text_and_new_terms_each_term_once(entries):
    """What imports send to write_documents is exactly the analysed text, and the preparer
    reports each term of the titles and bodies once."""
    from alliances.core.search import document_preparer
    from alliances.core.search.analysis import tag_terms

    prepare, reported = document_preparer(), []
    prepare.MAX_PIECES = 4  # the cache of pieces starts again (as past 300,000 pieces)
    for title, body, tags in entries:
        document = prepare(IndexEntry(0, title, body, tags))
        expected = (title[:500], " ".join(terms(title)), " ".join(terms(body)), " ".join(tag_terms(tags)))
        assert document == expected
        reported += prepare.new_terms()
    assert len(reported) == len(set(reported))
    assert set(reported) == {t for title, body, _ in entries for t in [*terms(title), *terms(body)]}
