"""Search by need: any word may match, words match by meaning, and each result says why."""

from __future__ import annotations

import pytest

from alliances.core.search.need import (
    NeedDocument,
    NeedResult,
    lexical_ranking,
    need_ranking,
    reason_parts,
    sentence,
)
from alliances.core.search.semantic import _murmurhash64a, common_stems, word_vectors


def rank_by_need(need: str, documents: list[NeedDocument]) -> list[NeedResult]:
    return need_ranking(need, documents).results


DOCUMENTS = [
    NeedDocument(
        id=1,
        title="LES TILLEULS",
        text="Rompre l'isolement des personnes âgées",
        labels=("clubs troisième âge",),
    ),
    NeedDocument(id=2, title="COMITE DES FETES DE CHAMBON", text="Organiser la fete votive et les bals"),
    NeedDocument(
        id=3, title="CLUB INFORMATIQUE POUR TOUS", text="Initiation a la micro-informatique pour les debutants"
    ),
    NeedDocument(id=4, title="AMICALE DES CHASSEURS", text="Pratique de la chasse et regulation des sangliers"),
    NeedDocument(id=5, title="SOLIDARITE", text="Aider les travailleurs migrants et leurs familles"),
]


def test_the_model_ships_with_the_install():
    """The vectors come from an installed package (no download at run time)."""
    vectors = word_vectors()
    assert vectors is not None
    assert vectors.vectors.shape[1] == 300
    assert "isol" in common_stems() and "chambon" not in common_stems()


def test_spacy_hash_is_murmurhash64a_seed_1():
    # Value of spaCy's hash_string("de"), the first row of the model's table.
    assert _murmurhash64a(b"de") == 11144093025662894627


def test_any_word_of_the_need_may_match():
    """A need is a sentence: "rompre" alone finds the association (all words required found nothing)."""
    results = rank_by_need("rompre la solitude de nos aînés qui vivent seuls", DOCUMENTS)
    assert [result.id for result in results] == [1]
    assert results[0].matched_words == ["rompre"]


def test_a_need_in_everyday_words_finds_a_purpose_written_otherwise():
    results = rank_by_need("des réfugiés viennent d arriver et ne parlent pas français", DOCUMENTS)
    assert results[0].id == 5
    assert results[0].related_words == [("réfugiés", "migrants")]


def test_the_baseline_needs_a_shared_word():
    scores = lexical_ranking("des réfugiés viennent d arriver et ne parlent pas français", DOCUMENTS)
    assert scores[4] == 0.0


@pytest.mark.parametrize(
    ("need", "expected"),
    [
        ("aider les gens qui ne savent pas se servir d'un ordinateur", 3),
        ("les sangliers retournent les prairies", 4),
        ("relancer la fête du village", 2),
    ],
)
def test_needs_rank_the_organisation_that_acts_on_them_first(need, expected):
    assert rank_by_need(need, DOCUMENTS)[0].id == expected


def test_exact_words_are_reported_as_matched():
    results = rank_by_need("relancer la fête du village", DOCUMENTS)
    assert results[0].matched_words == ["fetes"]  # the first form met in the document


def test_a_place_name_never_matches_by_meaning():
    """The pruned model gives a rare word the vector of a frequent one: "Chambon" is not a restaurant."""
    results = rank_by_need("garder une épicerie et un café ouverts", DOCUMENTS)
    assert all("chambon" not in dict(result.related_words).values() for result in results)


def test_a_need_of_stop_words_only_finds_nothing():
    assert rank_by_need("nous cherchons à aider les gens", DOCUMENTS) == []
    assert rank_by_need("", DOCUMENTS) == []


def test_a_result_names_the_labels_holding_its_words_and_reads_as_one_sentence():
    result = need_ranking("les personnes du troisième âge", DOCUMENTS).results[0]
    assert result.id == 1 and result.labels == ["clubs troisième âge"]
    assert sentence(["", *reason_parts(result), "à Mende"]).endswith(" ; à Mende") or not reason_parts(result)
    informatique = need_ranking("se servir d'un ordinateur", DOCUMENTS).results[0]
    assert sentence([*reason_parts(informatique), "à Mende"]) == (
        "Proche par le sens : « informatique » pour « ordinateur » ; à Mende"
    )


def test_a_page_of_results_and_the_number_of_matches():
    ranking = need_ranking("informatique ou chasse", DOCUMENTS, limit=1, offset=1)
    assert ranking.total == 2 and len(ranking.ids) == 2 and [r.id for r in ranking.results] == [ranking.ids[1]]


def test_a_word_finds_the_words_of_its_class_in_the_synonym_list():
    """fastText puts "aînés" far from "âgées" (0.44): the sector's synonym list brings them together."""
    result = need_ranking("nos aînés", DOCUMENTS).results[0]
    assert result.id == 1 and result.related_words == [("aînés", "âgées")]
