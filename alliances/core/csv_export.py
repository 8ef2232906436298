"""CSV files written for people to open in a spreadsheet: every writer of the project comes from here.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
spreadsheet software (`=HYPERLINK(…)` in a practice's title would become a link to another site
in the reader's spreadsheet). Such text cells are prefixed with a single quote, the OWASP rule
for CSV injection; numbers are left as they are (a negative amount stays a number).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Return `value`, a text that a spreadsheet would run as a formula prefixed with `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def spreadsheet_number(value: Decimal | int | None, decimals: int | None = None) -> str:
    """A number as a French spreadsheet reads it from a CSV: decimal comma, no thousands separator ("1234,5").

    With `decimals` (2 for money) the number is written with exactly that many ("1234,50"), else
    without trailing zeros ("10,5", "100"). A space between thousands would turn the cell into
    text, a point into a date or text. For amounts that are never negative (a leading minus sign
    would be escaped as a formula by `safe_cell`).
    """
    if value is None:
        return ""
    number = Decimal(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = format(number, "f")
    else:
        text = format(number, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


class SafeCsvWriter:
    """`csv.writer` whose rows are escaped cell by cell (same `writerow`)."""

    def __init__(self, handle: Any, **fmtparams: Any) -> None:
        self._writer = csv.writer(handle, **fmtparams)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(value) for value in row])


def csv_writer(handle: Any, **fmtparams: Any) -> SafeCsvWriter:
    """Return a CSV writer on `handle` (a file, a response, or any object with `write`) that escapes formulas."""
    return SafeCsvWriter(handle, **fmtparams)
