"""French text analysis for search: accents, case, stop words, plurals and stemming."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

from alliances.core.text import normalize

# The commonest French function words: they match everything and rank nothing.
STOP_WORDS = frozenset(
    "a au aux avec ce ces dans de des du elle en et eux il ils je la le les leur leurs lui ma mais "
    "me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te "
    "tes toi ton tu un une vos votre vous c d j l m n s t y l qu ete etre est sont".split()
)
_stemmer = snowballstemmer.stemmer("french")
_TAG_CLEAN = re.compile(r"[^a-z0-9]")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Stem one normalised word; a plural -s/-x is dropped first ("emplois" → "emploi")."""
    if len(word) > 3 and word[-1] in "sx" and not word.endswith("ss"):
        word = word[:-1]
    return _stemmer.stemWord(word)


def terms(text: str) -> list[str]:
    """The stemmed search terms of a text, in order, stop words removed."""
    # Word by word through a cache: texts repeat their words, and normalising a space-separated
    # piece alone gives the same words as normalising the whole text (a space is a separator
    # before and after transliteration). Same result, several times faster on long texts.
    if not text:
        return []
    result: list[str] = []
    for piece in text.split(" "):
        if piece:
            result.extend(_piece_terms(piece))
    return result


@lru_cache(maxsize=100_000)
def _piece_terms(piece: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in normalize(piece).split() if word not in STOP_WORDS)


@lru_cache(maxsize=50_000)
def tag_term(tag: str) -> str:
    """A tag such as "departement:2A" as one exact token ("tagdepartement2a")."""
    return "tag" + _TAG_CLEAN.sub("", normalize(tag).replace(" ", ""))


def tag_terms(tags: Iterable[str]) -> list[str]:
    return [tag_term(tag) for tag in tags if tag]
