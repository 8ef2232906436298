"""Text normalisation shared by every search: accents, case, hyphens and abbreviations."""

import re

from unidecode import unidecode

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Abbreviations that official names spell out ("St-Étienne" is "Saint-Étienne").
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def normalize(text: str) -> str:
    """Return `text` lower-cased, without accents or punctuation, abbreviations expanded."""
    words = _NON_ALNUM.sub(" ", unidecode(text or "").lower()).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)
