"""Search by need over a large territory: the full-text index chooses the documents to rank.

Ranking by need (need.py) reads and analyses every document of the territory, about 25 µs each:
fine for an intercommunality or a rural département, not for a département of the national base
(tens of thousands of organisations; Paris more than 100,000). Above IN_MEMORY_LIMIT documents,
the index finds, for each word of the need, the documents that hold one of its alternatives (its
stem, its synonyms', its meaning neighbours': need.index_classes) or carry one of the categories
whose label holds one. That gives each word's document frequency in the territory (Scope), and
the WINDOW documents holding the rarest words; those are ranked exactly as a small territory's
documents are, weighed by the territory's statistics. Nothing is kept in memory between
requests but the model: every server reads the same index.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from alliances.core.search.index import count_tagged, ids_matching_any
from alliances.core.search.need import Scope, index_classes

# Up to this many documents in the territory, all are ranked (~75 ms of analysis at most).
IN_MEMORY_LIMIT = 3_000
# Documents ranked when the territory is larger: those whose need words weigh most (sum of the
# idf of the words they hold). Measured on the development set with the window forced: 2,000,
# 1,000 and 500 gave the same figures (docs/recherche.md).
WINDOW = 500
# Most documents read per need word: a word held by more of the territory's documents weighs
# little anyway (its idf is low), and reading them all would cost more than the rest.
CLASS_CAP = 10_000


@dataclass(frozen=True)
class Candidates:
    ids: list[int]  # the window to rank, heaviest first
    scope: Scope
    total: int  # documents holding at least one need word (at most CLASS_CAP per word)


def territory_size(*, kind: str, tags: Sequence[str]) -> int:
    """How many documents of `kind` carry the tags (the index's count, kept an hour)."""
    return count_tagged(kind=kind, tags=tags)


def indexed_candidates(
    *, kind: str, need: str, tags: Sequence[str], class_tags: Callable[[frozenset[str]], list[str]]
) -> Candidates:
    """The window of a large territory's documents to rank by `need`, and its statistics.

    `class_tags(stems)`: the tags of the categories whose label holds one of the stems (a document
    of such a category is a candidate even when its text has none of the words).
    """
    size = territory_size(kind=kind, tags=tags)
    matches = {
        word: ids_matching_any(kind=kind, stems=stems, any_tags=class_tags(stems), tags=tags, limit=CLASS_CAP)
        for word, stems in index_classes(need).items()
    }
    frequencies = {word: len(ids) for word, ids in matches.items()}
    weights: dict[int, float] = defaultdict(float)
    for word, ids in matches.items():
        found = frequencies[word]
        idf = math.log(1 + (max(size, found) - found + 0.5) / (found + 0.5))
        for object_id in ids:
            weights[object_id] += idf
    window = sorted(weights, key=lambda object_id: (-weights[object_id], object_id))[:WINDOW]
    return Candidates(ids=window, scope=Scope(size=size, frequencies=frequencies), total=len(weights))
