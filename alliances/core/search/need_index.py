"""Search by need over a large territory: the full-text index chooses the documents to rank.

Ranking by need (need.py) reads and analyses every document of the territory, ~200 µs each: fine
for most intercommunalities, not for a département of the national base (tens of thousands of
organisations; Paris more than 100,000). Above IN_MEMORY_LIMIT documents,
the index finds, for each word of the need, the documents that hold one of its alternatives (its
stem, its synonyms', its meaning neighbours': need.index_classes) or carry one of the categories
whose label holds one. That gives each word's document frequency in the territory (Scope), and
the WINDOW documents holding the rarest words; those are ranked exactly as a small territory's
documents are, weighed by the territory's statistics. Nothing is kept in memory between
requests but the model: every server reads the same index.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from alliances.core.search.index import count_tagged, documents_matching_any, object_ids
from alliances.core.search.need import MEANING_WEIGHT, Scope, index_classes

# Up to this many documents in the territory, all are read and ranked; beyond, the index chooses
# the window. Reading costs ~200 µs a document on this 2-core machine under load (2,172 in Lozère:
# 430 ms median, against 115 ms through the window), for the same quality on the development set
# (bench/need_search/production.py: nDCG@10 0.582 against 0.577).
IN_MEMORY_LIMIT = 1_000
# Documents ranked when the territory is larger: those whose need words weigh most (sum of the
# idf of the words they hold). Measured on the development set through the window: 250, 500 and
# 1,000 give nDCG@10 0.570, 0.576, 0.577 and the same success@10 (0.91); at national scale on
# SQLite, 250 against 500: p95 156 against 235 ms (intercommunalities, bench/need_search/national.py).
WINDOW = 250
# Most documents read per need word: a word held by more of the territory's documents weighs
# little anyway (its idf is low), and reading them all would cost more than the rest. No class of
# the development set's territory reaches it (the Lozère has 2,172 active associations); at
# national scale on PostgreSQL, 5,000 against 10,000: p95 128 against 162 ms (intercommunalities,
# median of three alternated runs of bench/need_search/national.py), each matching row being read.
CLASS_CAP = 5_000


@dataclass(frozen=True)
class Candidates:
    ids: list[int]  # the window to rank, heaviest first
    scope: Scope
    total: int  # documents holding at least one need word (at most CLASS_CAP per word)


def indexed_candidates(
    *,
    kind: str,
    need: str,
    tags: Sequence[str],
    class_tags: Callable[[frozenset[str]], list[str]],
    departements: Sequence[str] = (),
) -> Candidates:
    """The window of a large territory's documents to rank by `need`, and its statistics.

    `class_tags(stems)`: the tags of the categories whose label holds one of the stems (a document
    of such a category is a candidate even when its text has none of the words). A word's
    document frequency is that of its precise alternatives; a document that holds only a meaning
    neighbour (looked up only when the precise words leave the window unfilled) weighs
    MEANING_WEIGHT of the word. `departements`: those the territory lies in, when known
    (see documents_matching_any).
    """
    size = count_tagged(kind=kind, tags=tags)
    classes = index_classes(need)
    found: dict[frozenset[str], np.ndarray] = {}

    def matching(stems: frozenset[str], any_tags: list[str]) -> np.ndarray:
        # Two words of a need often share their alternatives (« médecin » and « docteur » are
        # synonyms): one query for both (at national scale 20 to 50 ms each in a metropolis).
        key = stems | frozenset(any_tags)
        if key not in found:
            matches = documents_matching_any(
                kind=kind, stems=stems, any_tags=any_tags, tags=tags, limit=CLASS_CAP, departements=departements
            )
            found[key] = np.array(matches, dtype=np.int64)
        return found[key]

    precise = {word: matching(words.precise, class_tags(words.precise)) for word, words in classes.items()}
    frequencies = {word: len(found) for word, found in precise.items()}
    # Meaning neighbours only when the precise words leave the window unfilled: each query pays the
    # scan of the territory in the index (on PostgreSQL 20 to 50 ms in a large one), and where
    # precise matches abound they fill the window anyway (development set through the window:
    # nDCG@10 0.576 without neighbour candidates, 0.570 with).
    near: dict[str, np.ndarray] = {}
    if len(np.unique(np.concatenate([np.empty(0, np.int64), *precise.values()]))) < WINDOW:
        for word, words in classes.items():
            near[word] = np.setdiff1d(matching(words.neighbours, []), precise[word], assume_unique=True)
    documents: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for word in classes:
        neighbours = near.get(word, np.empty(0, np.int64))
        frequency = frequencies[word] = frequencies[word] or len(neighbours)
        idf = math.log(1 + (max(size, frequency) - frequency + 0.5) / (frequency + 0.5))
        documents += [precise[word], neighbours]
        weights += [np.full(len(precise[word]), idf), np.full(len(neighbours), MEANING_WEIGHT * idf)]
    # numpy: up to 2 × CLASS_CAP documents per word to weigh (a dict of floats took ~30 ms for 40,000).
    matched, inverse = np.unique(np.concatenate(documents or [np.empty(0, np.int64)]), return_inverse=True)
    weight = np.bincount(inverse, weights=np.concatenate(weights or [np.empty(0)]), minlength=len(matched))
    # Heaviest first, ties by key (np.lexsort: last key first).
    window = [int(matched[i]) for i in np.lexsort((matched, -weight))[:WINDOW]]
    objects = object_ids(window)
    ids = [objects[document] for document in window if document in objects]
    return Candidates(ids=ids, scope=Scope(size=size, frequencies=frequencies), total=len(matched))
