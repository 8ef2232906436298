"""The corpus of the need-search development set: active associations of the real RNA Lozère file."""

from __future__ import annotations

import csv
from pathlib import Path

from alliances.core.search.need import NeedDocument

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real"
RNA_FILE = SHARED / "rna_import_20241001_dpt_48.csv"
NOMENCLATURE_FILE = SHARED / "rna-associations-nomenclature-waldec.csv"


def nomenclature(path: Path = NOMENCLATURE_FILE) -> dict[str, str]:
    """Label of each social-object code, families included ("007000" → "CULTURE…")."""
    labels: dict[str, str] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            labels[row["objet_social_parent_id"]] = row["objet_social_parent_lib"].capitalize()
            labels[row["objet_social_id"]] = row["objet_social_lib"]
    return labels


def associations(path: Path = RNA_FILE) -> list[tuple[str, NeedDocument, str]]:
    """(RNA id, document, commune) of each active association, in file order; ids are line numbers."""
    labels = nomenclature()
    found = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle, delimiter=";"), start=2):
            if row["position"] != "A":
                continue
            codes = [row["objet_social1"], row["objet_social2"]]
            doc_labels = tuple(labels[code] for code in codes if code in labels and code != "000000")
            found.append(
                (
                    row["id"],
                    NeedDocument(id=line, title=row["titre"], text=row["objet"], labels=doc_labels),
                    row["libcom"],
                )
            )
    return found
