"""Text normalisation shared by every search: accents, case, hyphens and abbreviations."""

import re

from unidecode import unidecode

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Abbreviations that official names spell out ("St-Étienne" is "Saint-Étienne").
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
# unidecode transliterates character by character in a Python loop over the whole text (slow
# on long texts: a national register import normalises millions of them). Only the non-ASCII
# characters are replaced here, each by unidecode's own replacement (taken from a table for the
# Latin letters and punctuation French text uses), so the result is identical.
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_TRANSLITERATION = {chr(code): unidecode(chr(code)) for code in [*range(0x80, 0x250), *range(0x2000, 0x2070), 0x20AC]}


def _transliterate(match: re.Match) -> str:
    char = match.group()
    replacement = _TRANSLITERATION.get(char)
    return unidecode(char) if replacement is None else replacement


def to_ascii(text: str) -> str:
    """Return `text` transliterated to ASCII, exactly as unidecode does."""
    return text if text.isascii() else _NON_ASCII.sub(_transliterate, text)


def normalize(text: str) -> str:
    """Return `text` lower-cased, without accents or punctuation, abbreviations expanded."""
    words = _NON_ALNUM.sub(" ", to_ascii(text or "").lower()).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)
