"""Parse the official nomenclature of RNA social objects (`objet_social1/2` codes)."""

from __future__ import annotations

from dataclasses import dataclass

from alliances.actors.importers.rna import RowError
from alliances.actors.themes import RNA_FAMILIES, rna_family_code

COLUMNS = ("objet_social_parent_id", "objet_social_parent_lib", "objet_social_id", "objet_social_lib")


@dataclass(frozen=True)
class NomenclatureEntry:
    code: str
    label: str
    family_code: str  # from the first three digits: a few official rows contradict their parent


def check_header(header: list[str]) -> None:
    missing = [c for c in ("objet_social_id", "objet_social_lib") if c not in header]
    if missing:
        raise RowError("colonnes obligatoires absentes : " + ", ".join(missing))


def parse_row(row: dict[str, str]) -> NomenclatureEntry:
    if "__unreadable__" in row:  # a line the CSV reader refused (alliances.core.csvfiles)
        raise RowError(row["__unreadable__"])
    code = (row.get("objet_social_id") or "").strip()
    family = rna_family_code(code)
    if family is None:
        raise RowError(f"code d'objet social « {code} » invalide (6 chiffres attendus)")
    label = " ".join((row.get("objet_social_lib") or "").split())
    if not label:
        raise RowError("libellé absent")
    if code == family:
        # Family rows are in capitals in the official file: keep the built-in label when there is one.
        label = RNA_FAMILIES.get(code, label.capitalize())
    return NomenclatureEntry(code=code, label=label[:300], family_code=family)
