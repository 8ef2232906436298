"""Search by need: rank candidate documents by relevance to a need written in everyday French.

A need is a sentence ("rompre la solitude de nos aînés"), not a list of required words: any of
its words may match, and a word also matches the document words close to it in meaning
("aînés" ≈ "âgées", "retraités"; "ordinateur" ≈ "informatique"), found with the French word
vectors of `semantic`. The score is BM25 where each need word counts through its best match in
the document, weighted by how close that match is. Each result keeps why it is there: the words
that matched, and the pairs matched by meaning. Pure functions over documents already narrowed
by territory.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from alliances.core.search.analysis import STOP_WORDS, stem
from alliances.core.search.semantic import WordVectors, common_stems, kept_words, word_vectors, words
from alliances.core.text import normalize

# Words that say how a need is phrased, not what it is about ("nous cherchons à aider les gens…").
NEED_STOP_WORDS = frozenset(
    "aider aide aides besoin besoins cherche cherchons chercher comment faire trouver voudrions voudrait "
    "souhaitons souhaite pouvoir peut peuvent veut veulent gens personne personnes qui vivent commune communes "
    "village villages bourg territoire notre nos on plus moins tres trop bien aussi sans avoir etre ont fait "
    "quelqu quelque chose choses ici chez tous toutes tout toute leur leurs garder maintenir servir savent "
    "savoir sait mieux encore autre autres depuis manque manquent plus pour afin nouveau nouvelle nouveaux "
    "nouvelles habitants gens monde certains elles celles ceux cela ceci possible longtemps permettre "
    "permet".split()
)
BM25_K1 = 1.2
BM25_B = 0.75
# Two words match by meaning from this cosine on (below it the neighbours are loose associations).
MEANING_THRESHOLD = 0.6
# A need word's meaning neighbours: its nearest words of the model (beyond, loose associations).
MEANING_NEIGHBOURS = 8
# A match by meaning counts as this fraction of its cosine (an exact word is worth 1).
MEANING_WEIGHT = 0.6
# A word of the same class of the synonym list (data/lexique/synonymes.txt) counts as this much.
SYNONYM_WEIGHT = 0.8
SYNONYMS = Path(__file__).resolve().parents[3] / "data" / "lexique" / "synonymes.txt"
_FORM = "="  # prefix of a word as written, beside stems, in a document's terms


@dataclass
class NeedDocument:
    """A candidate: its id, its title and its text (purpose), and its activity labels."""

    id: int
    title: str
    text: str
    labels: tuple[str, ...] = ()

    @property
    def full_text(self) -> str:
        return f"{self.title} {self.text} {' '.join(self.labels)}"


@dataclass
class NeedResult:
    id: int
    score: float
    matched_words: list[str] = field(default_factory=list)
    related_words: list[tuple[str, str]] = field(default_factory=list)  # (need word, document word)
    labels: list[str] = field(default_factory=list)  # the document's labels that hold a matched word


@dataclass(frozen=True)
class Scope:
    """The statistics of a territory of which only a window of documents is ranked."""

    size: int  # documents in the territory
    frequencies: dict[str, int]  # need word → documents of the territory that match its class


@dataclass
class NeedRanking:
    """A page of results, and the ids of every document that matched the need, best first."""

    results: list[NeedResult]
    ids: list[int]

    @property
    def total(self) -> int:
        return len(self.ids)


def content_words(text: str, *, need: bool = False) -> list[str]:
    """The meaningful words of a text, lower-cased (stop words and a need's phrasing removed)."""
    return [word for word in map(str.lower, words(text)) if _is_content(word, need)]


_NEED_STOP = STOP_WORDS | NEED_STOP_WORDS


@lru_cache(maxsize=200_000)
def _is_content(word: str, need: bool) -> bool:
    # Cached: a territory's documents repeat the same words (normalising each costs ~5 µs).
    return len(word) > 2 and normalize(word) not in (_NEED_STOP if need else STOP_WORDS)


@lru_cache(maxsize=100_000)
def stem_of(word: str) -> str:
    return stem(normalize(word))


@cache
def synonyms() -> dict[str, frozenset[str]]:
    """Stem → the stems of the words of its classes in the synonym list (itself excluded)."""
    classes: dict[str, set[str]] = {}
    if SYNONYMS.exists():
        for line in SYNONYMS.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                stems = {stem_of(word) for word in line.split()}
                for one in stems:
                    classes.setdefault(one, set()).update(stems - {one})
    return {one: frozenset(others) for one, others in classes.items()}


class AnalysedDocuments:
    """The candidates' words, stems and statistics, computed once for several needs."""

    def __init__(self, documents: Sequence[NeedDocument]):
        self.documents = list(documents)
        self.words = [content_words(doc.full_text) for doc in self.documents]
        stems = [[stem_of(word) for word in words] for words in self.words]
        self.lengths = [len(doc) for doc in stems]
        self.average_length = sum(self.lengths) / len(stems) if stems else 0.0
        # Each document's terms: its stems, and its words as written (prefixed) for matches by meaning.
        self.terms = [_terms(doc, words) for doc, words in zip(stems, self.words, strict=True)]
        self.postings: dict[str, list[int]] = defaultdict(list)
        for index, terms in enumerate(self.terms):
            for term in terms:  # each once per document (Counter keys)
                self.postings[term].append(index)
        self.vocabulary = {word for words in self.words for word in words}
        self._common: tuple[list[str], np.ndarray] | None = None

    def common_vectors(self, vectors: WordVectors) -> tuple[list[str], np.ndarray]:
        """The documents' common words that have a vector of their own, and their rows (computed once).

        Only common words match by meaning: a rare word (often a place name) carries the vector of
        a frequent one in this pruned model ("Chambon" would mean "restaurant").
        """
        if self._common is None:
            common = common_stems()
            found = [(word, vectors.kept_row(word)) for word in sorted(self.vocabulary) if stem_of(word) in common]
            kept = [(word, row) for word, row in found if row is not None]
            self._common = ([word for word, _ in kept], np.array([row for _, row in kept], dtype=np.int64))
        return self._common

    def bm25(self, query: dict[str, dict[str, float]], scope: Scope | None = None) -> list[float]:
        """BM25 where each query word is a class of weighted alternatives (its stem, its neighbours).

        A class counts as one term (BM25F's treatment of synonyms): its frequency in a document is
        the weighted sum of its alternatives', its document frequency that of any alternative, so
        a wide class of neighbours weighs less than a precise word. With a `scope`, the documents
        are a window of a larger territory, whose statistics give the weight of each class.
        """
        count = len(self.documents)
        scores = [0.0] * count
        for word, alternatives in query.items():
            frequencies: dict[int, float] = {}  # document → weighted frequency of the class
            for term, weight in alternatives.items():
                for index in self.postings.get(term, ()):
                    frequency = weight * self.terms[index][term]
                    if frequency > frequencies.get(index, 0.0):
                        frequencies[index] = frequency
            if not frequencies:
                continue
            total, found = count, len(frequencies)
            if scope is not None:
                total, found = scope.size, max(found, scope.frequencies.get(word, 0))
            idf = math.log(1 + (max(total, found) - found + 0.5) / (found + 0.5))
            for index, tf in frequencies.items():
                norm = tf + BM25_K1 * (1 - BM25_B + BM25_B * self.lengths[index] / (self.average_length or 1))
                scores[index] += idf * tf * (BM25_K1 + 1) / norm
        return scores


def _terms(stems: list[str], words: list[str]) -> Counter:
    terms = Counter(stems)
    terms.update(_FORM + word for word in words)
    return terms


def lexical_ranking(need: str, documents: Sequence[NeedDocument] | AnalysedDocuments) -> list[float]:
    """BM25 of each document for the need's stemmed words, any word matching (the baseline)."""
    analysed = documents if isinstance(documents, AnalysedDocuments) else AnalysedDocuments(documents)
    query = {stem_of(word): {stem_of(word): 1.0} for word in content_words(need, need=True)}
    return analysed.bm25(query)


def _meaning_neighbours(
    need_words: list[str], analysed: AnalysedDocuments, vectors: WordVectors
) -> dict[str, dict[str, float]]:
    """For each need word, the document words close to it in meaning, with their cosine.

    A document word qualifies when it is among the need word's MEANING_NEIGHBOURS nearest words of
    the whole model, not merely above the threshold: above it, a frequent word is close to many
    loose associations ("travail" ≈ "pratique", "donner" ≈ "ordonner") that would outweigh the
    real neighbours.
    """
    doc_words, doc_rows = analysed.common_vectors(vectors)
    if not doc_words:
        return {}
    neighbours: dict[str, dict[str, float]] = {}
    for word in need_words:
        row = vectors.row(word)
        if row is None:
            continue
        nearest = _nearest_rows(vectors, row)
        close = np.nonzero(np.isin(doc_rows, list(nearest)))[0]
        neighbours[word] = {doc_words[i]: nearest[int(doc_rows[i])] for i in close}
    return neighbours


@lru_cache(maxsize=10_000)
def _nearest_rows(vectors: WordVectors, row: int) -> dict[int, float]:
    """The rows closest to `row` (itself included), from MEANING_THRESHOLD on, with their cosine."""
    similarity = vectors.vectors @ vectors.vectors[row]
    top = np.argpartition(-similarity, MEANING_NEIGHBOURS)[: MEANING_NEIGHBOURS + 1]
    return {int(i): float(similarity[i]) for i in top if similarity[i] >= MEANING_THRESHOLD}


def _need_query(
    need_words: list[str], analysed: AnalysedDocuments, vectors: WordVectors | None
) -> dict[str, dict[str, float]]:
    """Each need word as a class: its own stem (weight 1), the stems of its synonyms (SYNONYM_WEIGHT)
    or, by meaning, document words as written.

    A neighbour's stem would be too wide ("restaurant" and "restauration" share "restaur"); the
    synonym list is written word by word, so its stems are meant.
    """
    neighbours = _meaning_neighbours(need_words, analysed, vectors) if vectors else {}
    classes = synonyms()
    return {
        word: {_FORM + neighbour: MEANING_WEIGHT * cosine for neighbour, cosine in neighbours.get(word, {}).items()}
        | dict.fromkeys(classes.get(stem_of(word), ()), SYNONYM_WEIGHT)
        | {stem_of(word): 1.0}
        for word in need_words
    }


def searched_words(need: str) -> list[str]:
    """The words of a need that are searched, in order, each once."""
    return list(dict.fromkeys(content_words(need, need=True)))


@dataclass(frozen=True)
class IndexClass:
    """A need word's alternatives as index stems: its own and its synonyms' (precise, weighing as
    in ranking), and its meaning neighbours' (a stem is wider than the word as written that ranking
    matches: "âgées" → "age"), which only bring candidates."""

    precise: frozenset[str]
    neighbours: frozenset[str]


def index_classes(need: str) -> dict[str, IndexClass]:
    """Each need word's class as stems, to look its candidates up in the full-text index (the
    common words of the model nearest to it, as in _meaning_neighbours)."""
    vectors = word_vectors()
    kept = kept_words()
    classes = synonyms()
    found = {}
    for word in searched_words(need):
        precise = frozenset({stem_of(word), *classes.get(stem_of(word), ())})
        row = vectors.row(word) if vectors else None
        near: set[str] = set()
        if vectors is not None and row is not None:
            near = {stem_of(kept[other]) for other in _nearest_rows(vectors, row) if other in kept}
        found[word] = IndexClass(precise=precise, neighbours=frozenset(near - precise))
    return found


def need_ranking(
    need: str,
    documents: Sequence[NeedDocument] | AnalysedDocuments,
    *,
    limit: int = 20,
    offset: int = 0,
    scope: Scope | None = None,
) -> NeedRanking:
    """The page [offset, offset + limit) of the documents relevant to `need`, and their number.

    `scope`: the documents are a window of a larger territory (need_index.py), whose statistics
    weigh the need's words."""
    analysed = documents if isinstance(documents, AnalysedDocuments) else AnalysedDocuments(documents)
    asked = searched_words(need)
    if not analysed.documents or not asked:
        return NeedRanking(results=[], ids=[])
    vectors = word_vectors()
    query = _need_query(asked, analysed, vectors)
    scores = analysed.bm25(query, scope)
    docs = analysed.documents
    ranked = sorted((i for i, score in enumerate(scores) if score > 0), key=lambda i: (-scores[i], docs[i].id))
    results = [_explained(docs[i], scores[i], query, analysed.terms[i]) for i in ranked[offset : offset + limit]]
    return NeedRanking(results=results, ids=[docs[i].id for i in ranked])


def _explained(
    document: NeedDocument, score: float, query: dict[str, dict[str, float]], present: Counter
) -> NeedResult:
    """The result of one document: the need words it holds, those it matches by meaning, and the
    labels (official categories) where they are."""
    first_form: dict[str, str] = {}
    for word in content_words(f"{document.title} {document.text}"):
        first_form.setdefault(stem_of(word), word)
    label_words = [(label, content_words(label)) for label in document.labels]
    result = NeedResult(id=document.id, score=score)
    found: set[str] = set()  # stems and forms met, to find the labels holding them
    for word, alternatives in query.items():
        exact = stem_of(word)
        if exact in present:
            found.add(exact)
            if exact in first_form:
                result.matched_words.append(first_form[exact])
            continue
        close = [(weight, term) for term, weight in alternatives.items() if term != exact and term in present]
        if close:
            term = max(close)[1]
            found.add(term)
            # A neighbour is a word as written; a synonym is a stem, shown as the document writes it.
            form = term.removeprefix(_FORM) if term.startswith(_FORM) else first_form.get(term, "")
            if not form:
                form = next((w for _, ws in label_words for w in ws if stem_of(w) == term), term)
            result.related_words.append((word, form))
    for label, words_of_label in label_words:
        if any(stem_of(w) in found or _FORM + w in found for w in words_of_label):
            result.labels.append(label)
    return result


def quoted(words: Sequence[str]) -> str:
    return ", ".join(f"« {word} »" for word in words)


def reason_parts(result: NeedResult, *, where: str = "son objet") -> list[str]:
    """Why a result is there, in French phrases: the need's words found in `where`, and those
    matched by meaning. The labels are phrased by the caller, who knows their nomenclature."""
    parts = []
    if result.matched_words:
        parts.append(f"mots de {where} : {quoted(result.matched_words)}")
    if result.related_words:
        pairs = ", ".join(f"« {found} » pour « {asked} »" for asked, found in result.related_words)
        parts.append(f"proche par le sens : {pairs}")
    return parts


def sentence(parts: Sequence[str]) -> str:
    """Phrases joined as one sentence, its first letter capitalised."""
    text = " ; ".join(part for part in parts if part)
    return text[:1].upper() + text[1:]
