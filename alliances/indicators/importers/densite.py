"""INSEE "grille communale de densité" (xlsx: title rows, then `CODGEO, LIBGEO, DENS, LIBDENS, PMUNaa…`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from alliances.indicators.importers.common import (
    LineError,
    Measure,
    Row,
    WrongFileError,
    check_code,
)

EXPECTED = "CODGEO;LIBGEO;DENS;LIBDENS;PMUNaa (après les lignes de titre)"
_YEAR = re.compile(r"\b(20\d\d)\b")
_PMUN = re.compile(r"^PMUN(\d\d)$")


def xlsx_rows(path: Path) -> Iterator[tuple]:
    """Rows of the first sheet, streamed (read-only mode keeps memory flat)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several types for a non-xlsx file
        raise WrongFileError(f"Ce fichier n'est pas un classeur xlsx lisible ({error}).") from error
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def parse_density_grid(rows: Iterable[tuple]) -> Iterator[Row | LineError]:
    """Yield the density class (1–7) of each commune; the vintage comes from the title rows,
    or else from the PMUNaa column."""
    titles: list[str] = []
    header: list[str] | None = None
    iterator = iter(rows)
    number = 0
    for number, cells in enumerate(iterator, start=1):
        texts = [str(c).strip() if c is not None else "" for c in cells]
        if "CODGEO" in [t.upper() for t in texts]:
            header = [t.upper() for t in texts]
            break
        titles.extend(t for t in texts if t)
        if number >= 10:
            break
    if header is None or "DENS" not in header:
        raise WrongFileError(f"Ce fichier n'est pas la grille communale de densité : colonnes attendues {EXPECTED}.")
    years = [int(m.group(1)) for t in titles for m in _YEAR.finditer(t)]
    pmun = [2000 + int(m.group(1)) for h in header if (m := _PMUN.match(h))]
    if years:
        vintage = max(years)
    elif pmun:
        vintage = max(pmun)
    else:
        raise WrongFileError("Millésime introuvable : ni année dans les lignes de titre, ni colonne PMUNaa.")
    code_at, dens_at = header.index("CODGEO"), header.index("DENS")
    first_data_line = number + 1
    for number, cells in enumerate(iterator, start=first_data_line):
        if not cells or all(c is None or str(c).strip() == "" for c in cells):
            continue
        try:
            code = check_code(str(cells[code_at] or ""))
            raw = cells[dens_at]
            level = int(str(raw).strip()) if raw is not None and str(raw).strip() else None
            if level is None or not 1 <= level <= 7:
                raise ValueError(f"classe de densité « {raw} » hors de 1 à 7")
        except (ValueError, IndexError) as error:
            yield LineError(number, str(error))
            continue
        yield Row(number, code, [Measure("classe_densite", vintage, float(level))])
