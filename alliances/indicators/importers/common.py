"""What every importer shares: parsed rows, line errors, numbers with secrecy, file opening."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from alliances.core.csvfiles import UnreadableLine, csv_records
from alliances.indicators.enums import ValueStatus

_CODE = re.compile(r"^[0-9]{2}[0-9AB][0-9]{0,6}$|^2[AB][0-9]{0,3}$|^[0-9]{2,3}$")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


class WrongFileError(ValueError):
    """The file is not the expected one: the message names the expected columns."""


@dataclass(frozen=True)
class LineError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"ligne {self.line} : {self.reason}"


class Measure(NamedTuple):
    # A named tuple rather than a frozen dataclass: a national comparateur creates a million
    # of them and a frozen dataclass costs several times more to build.
    indicator: str
    vintage: int
    value: float | None
    status: str = ValueStatus.OK


@dataclass
class Row:
    line: int
    code: str
    measures: list[Measure] = field(default_factory=list)


def parse_number(text: str) -> tuple[float | None, str]:
    """Read an INSEE cell: `s` is secrecy, `nd`/empty is not available, `50,0` and `50.0` are 50.

    Raise ValueError for anything else, so that the line is reported.
    """
    try:  # fast path: most cells are plain numbers with a decimal point
        number = float(text)
    except ValueError:
        pass
    else:
        if not math.isfinite(number):
            raise ValueError(text)
        return number, ValueStatus.OK
    cell = _SPACES.sub("", text or "")
    lowered = cell.lower()
    if lowered == "s":
        return None, ValueStatus.SECRET
    if lowered in ("", "nd", "n/a", "na"):
        return None, ValueStatus.NOT_AVAILABLE
    # Within one comparateur file some columns use a decimal comma and others a point.
    if "," in cell:
        cell = cell.replace(".", "").replace(",", ".") if "." in cell else cell.replace(",", ".")
    number = float(cell)
    if not math.isfinite(number):
        raise ValueError(text)
    return number, ValueStatus.OK


def check_code(code: str) -> str:
    code = code.strip().upper()
    if not _CODE.match(code):
        raise ValueError(f"code géographique invalide « {code} »")
    return code


def csv_rows(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, cells) of a `;`-separated file, header included (line 1); a line the
    reader refuses comes as an UnreadableLine (no cells: see unreadable_or)."""
    for number, cells in csv_records(lines, delimiter=";"):
        if number == 1 and cells:
            cells[0] = cells[0].lstrip("\ufeff")
        if cells and all(not c.strip() for c in cells):
            continue
        yield number, cells


def unreadable_or(cells: list[str], reason: str) -> str:
    """The reason to report for a line whose cell count is wrong: the reader's when it refused
    the line (a field too long, a NUL character), else `reason`."""
    return cells.reason if isinstance(cells, UnreadableLine) else reason


# (position in the line, indicator code, vintage) of each column a parser reads.
Column = tuple[int, str, int]


def read_header(rows: Iterator[tuple[int, list[str]]], expected: str) -> list[str]:
    """The upper-cased header of a `;` file; WrongFileError naming the expected columns if empty."""
    try:
        _, header = next(rows)
    except StopIteration:
        raise WrongFileError(f"Fichier vide : colonnes attendues {expected}.") from None
    return [h.strip().upper() for h in header]


def measure_rows(
    rows: Iterable[tuple[int, list[str]]], header: list[str], code_at: int, columns: list[Column]
) -> Iterator[Row | LineError]:
    """Read the numeric columns of each line into a Row, or report the line (number and reason).

    Shared by the Filosofi and comparateur parsers: same cells, same secrecy marks, same errors.
    """
    width = len(header)
    for number, cells in rows:
        if len(cells) != width:
            yield LineError(number, unreadable_or(cells, f"{len(cells)} colonnes au lieu de {width}"))
            continue
        try:
            code = check_code(cells[code_at])
        except ValueError as error:
            yield LineError(number, str(error))
            continue
        measures = []
        for at, indicator, vintage in columns:
            cell = cells[at]
            value: float | None
            status: str
            try:
                # Inlined fast path of parse_number (a million cells in a national file).
                value, status = float(cell), ValueStatus.OK
                if value - value != 0.0:  # inf or nan
                    raise ValueError(cell)
            except ValueError:
                try:
                    value, status = parse_number(cell)
                except ValueError:
                    yield LineError(number, f"valeur non numérique « {cell} » dans la colonne {header[at]}")
                    break
            measures.append(Measure(indicator, vintage, value, status))
        else:
            yield Row(number, code, measures)
