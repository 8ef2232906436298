"""CSV files written for people to open in a spreadsheet: every writer of the project comes from here.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
spreadsheet software (`=HYPERLINK(…)` in a practice's title would become a link to another site
in the reader's spreadsheet). Such text cells are prefixed with a single quote, the OWASP rule
for CSV injection; numbers are left as they are (a negative amount stays a number).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Return `value`, a text that a spreadsheet would run as a formula prefixed with `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeCsvWriter:
    """`csv.writer` whose rows are escaped cell by cell (same `writerow`)."""

    def __init__(self, handle: Any, **fmtparams: Any) -> None:
        self._writer = csv.writer(handle, **fmtparams)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(value) for value in row])


def csv_writer(handle: Any, **fmtparams: Any) -> SafeCsvWriter:
    """Return a CSV writer on `handle` (a file, a response, or any object with `write`) that escapes formulas."""
    return SafeCsvWriter(handle, **fmtparams)
