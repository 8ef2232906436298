"""French elision and contractions in generated sentences: « qu'un », « d'Occitanie », « du Gard », « de la Lozère ».

Territory names carry their article: a département or a région takes the one INSEE gives it
(« le Gard », « la Lozère », « l'Hérault », « les Landes », no article for « Paris » or
« Occitanie »), kept here by official code because the division we load does not ship it; a
commune's article is part of its name (« Le Puy-en-Velay » → « du Puy-en-Velay »). Elision is
made before a vowel only: an initial h may be aspirated (« de Haguenau »), so it is left alone.
Rules in docs/francais.md.
"""

from __future__ import annotations

import unicodedata
from datetime import date

_ELIDED = {"de": "d'", "que": "qu'", "le": "l'", "la": "l'", "je": "j'", "ne": "n'", "se": "s'", "ce": "c'"}
_CONTRACTED = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux"}

# Articles of the départements (INSEE's type of name), by official code; absent = no article.
DEPARTEMENT_ARTICLES = {
    **dict.fromkeys(["01", "02", "03", "07", "09", "10", "11", "12", "27", "28", "34", "35", "36", "37", "38"], "l'"),
    **dict.fromkeys(["60", "61", "89", "91"], "l'"),
    **dict.fromkeys(["04", "05", "06", "08", "13", "22", "40", "64", "65", "66", "78", "79", "88", "92"], "les"),
    **dict.fromkeys(["14", "15", "18", "25", "29", "30", "32", "39", "41", "45", "46", "47", "49", "56"], "le"),
    **dict.fromkeys(["59", "62", "63", "67", "68", "69", "69D", "81", "82", "83", "84", "90", "94", "95"], "le"),
    **dict.fromkeys(["16", "17", "19", "2A", "2B", "21", "23", "24", "26", "31", "33", "42", "43", "44", "48"], "la"),
    **dict.fromkeys(["50", "51", "52", "53", "54", "55", "57", "58", "69M", "70", "71", "72", "73", "74", "76"], "la"),
    **dict.fromkeys(["77", "80", "85", "86", "87", "93", "971", "972", "973", "987", "988"], "la"),
    "984": "les",
    "989": "l'",
}
# Régions (codes of the 2016 division); Occitanie, Bretagne, Normandie… take none after « de ».
REGION_ARTICLES = {
    **{"01": "la", "02": "la", "03": "la", "24": "le", "44": "le", "32": "les", "52": "les"},
    **{code: DEPARTEMENT_ARTICLES[code] for code in ("987", "988", "984", "989")},  # collectivities at both levels
}


def _starts_with_vowel(word: str) -> bool:
    first = unicodedata.normalize("NFD", word[:1])[:1].lower()
    return first in "aeiouyœæ" and first != ""


def elide(word: str, following: str) -> str:
    """`word` joined to what follows, elided before a vowel: elide("que", "un regard") → "qu'un regard"."""
    following = following.strip()
    head, _, last = word.rpartition(" ")  # "Parce que" elides its last word
    lower = last.lower()
    if lower in _ELIDED and _starts_with_vowel(following):
        elided = _ELIDED[lower]
        elided = elided[0].upper() + elided[1:] if last[:1].isupper() else elided
        return f"{head} {elided}{following}" if head else elided + following
    return f"{word} {following}"


def join_article(preposition: str, article: str, name: str) -> str:
    """« de » + « le » + « Gard » → « du Gard »; « de » + « la » + « Lozère » → « de la Lozère »."""
    if not article:
        return elide(preposition, name)
    if article == "l'":
        return f"{preposition} l'{name}"
    contracted = _CONTRACTED.get((preposition.lower(), article))
    if contracted:
        return f"{contracted} {name}"
    return f"{preposition} {article} {name}"


def territory_article(kind: str, code: str, name: str) -> tuple[str, str]:
    """The article of a territory's name and the name without it: ("le", "Puy-en-Velay"), ("la", "Lozère")."""
    if kind == "departement":
        return DEPARTEMENT_ARTICLES.get(code, ""), name
    if kind == "region":
        return REGION_ARTICLES.get(code, ""), name
    if kind == "epci":
        first = name.split(" ", 1)[0].lower()
        if first in ("communauté", "métropole", "cc", "ca", "cu", "agglomération"):
            return "la", name
        if first in ("établissement", "etablissement"):
            return "l'", name
        return "", name
    for article in ("Le ", "Les "):  # a commune's own article ("La Canourgue" keeps its capital: "de La Canourgue")
        if name.startswith(article):
            return article.strip().lower(), name[len(article) :]
    return "", name


def of_territory(kind: str, code: str, name: str, preposition: str = "de") -> str:
    """« de Mende », « d'Occitanie », « du Gard », « de la Lozère », « des Landes », « du Puy-en-Velay »."""
    article, bare = territory_article(kind, code, name)
    return join_article(preposition, article, bare)


def with_article(kind: str, code: str, name: str) -> str:
    """The name as a subject: « le Gard », « la Lozère », « l'Hérault », « Occitanie », « Mende »."""
    article, bare = territory_article(kind, code, name)
    if not article:
        return name
    return f"{article}{bare}" if article == "l'" else f"{article} {bare}"


_KIND_PHRASES = {
    "commune": "une commune réelle",
    "epci": "une intercommunalité réelle",
    "departement": "un département réel",
    "region": "une région réelle",
}


def real_place(kind: str, code: str, name: str) -> str:
    """« Mende est une commune réelle », « le Gard est un département réel » (demo notices, mid-sentence)."""
    subject = with_article(kind, code, name)
    return f"{subject} est {_KIND_PHRASES.get(kind, 'un territoire réel')}"


_MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()


def long_date(day: date) -> str:
    """A date in words, whatever the active language: « 1er janvier 2026 », « 17 décembre 2025 »."""
    return f"{'1er' if day.day == 1 else day.day} {_MONTHS[day.month - 1]} {day.year}"
