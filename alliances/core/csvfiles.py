"""Read the lines of an official CSV file, the one way every importer does: encoding detected,
delimiter sniffed, and a line the reader cannot accept handed over as an `UnreadableLine`
(its number and reason) instead of stopping the whole file.

Two defects a file can carry stopped every import before: a field longer than the csv module's
limit (131,072 characters) raised `_csv.Error` and lost the file's other lines, and a NUL
character reached the database, which PostgreSQL refuses (`DataError`: the batch, then the
import, failed). Both are caught here, where the lines are read, so that no importer has to
check its fields: the csv error per line (the reader goes on with the next line), and NUL on the
raw bytes of each chunk read, looked for in the values of a line only when a chunk had one (a
check of every field of every line cost 1 % of the national imports).
"""

from __future__ import annotations

import codecs
import csv
import io
import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO, cast

_SNIFF_BYTES = 256 * 1024
# Bytes TextIOWrapper asks for at a time (its default is 8 KiB): fewer calls to _NulWatch.read1.
_CHUNK_BYTES = 64 * 1024
_LATIN1_FALLBACK = "alliances-latin1-fallback"
NUL_REASON = "caractère nul (octet 0) dans la ligne"


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    # A UTF-8 file with a stray ISO-8859-1 byte (registers are merged from many
    # prefectures): read that byte as ISO-8859-1 instead of failing or losing it.
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error(_LATIN1_FALLBACK, _latin1_fallback)


class SourceError(Exception):
    """The file cannot be read at all (missing, not CSV, no header); message in French."""


class UnreadableLine(list):
    """A line the reader could not accept, in place of its values: empty (every check of a
    line's field count rejects it), with the reason to report (French)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str):
        super().__init__()
        self.reason = reason


def detect_encoding(head: bytes) -> str:
    """`utf-8-sig` (BOM), `utf-8`, or `iso-8859-1` when the head of a file is not valid UTF-8."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is not an error.
        if error.start < len(head) - 3:
            return "iso-8859-1"
    return "utf-8"


def _errors(encoding: str) -> str:
    return _LATIN1_FALLBACK if encoding.startswith("utf-8") else "strict"


def open_text(path: Path) -> TextIO:
    """Open a CSV file as text, whatever its encoding (UTF-8 with or without BOM, or Latin-1)."""
    with path.open("rb") as probe:
        encoding = detect_encoding(probe.read(_SNIFF_BYTES))
    return path.open("r", encoding=encoding, errors=_errors(encoding), newline="")


def normalize_header(name: str) -> str:
    return name.strip().strip('"').strip().lstrip("\ufeff").lower()


def _csv_error_reason(error: csv.Error) -> str:
    if "field limit" in str(error):
        return f"champ de plus de {csv.field_size_limit():,} caractères".replace(",", " ")
    return f"ligne illisible ({error})"


class _NulWatch(io.BufferedIOBase):
    """A binary file as TextIOWrapper reads it, chunk by chunk, counting the NUL bytes read (a
    NUL byte is a NUL character in UTF-8 as in ISO-8859-1)."""

    def __init__(self, binary: BinaryIO):
        super().__init__()
        self._binary = binary
        self.nuls = 0

    def readable(self) -> bool:
        return True

    def read1(self, size: int = -1) -> bytes:
        data = self._binary.read1(size)  # type: ignore[attr-defined]
        if b"\0" in data:  # memchr: a few µs per chunk; counted only when there is one
            self.nuls += data.count(b"\0")
        return data

    def read(self, size: int | None = -1) -> bytes:
        return self.read1(-1 if size is None else size)


class _NulWatchedLines:
    """Lines of text as the csv reader takes them, counting their NUL characters (for the small
    files given as text: a check per line)."""

    def __init__(self) -> None:
        self.nuls = 0

    def lines(self, lines: Iterable[str]) -> Iterator[str]:
        for line in lines:
            if "\0" in line:
                self.nuls += line.count("\0")
            yield line


def _records(reader, watch: _NulWatch | _NulWatchedLines) -> Iterator[tuple[int, list[str]]]:
    """(number of the record's first line, values) of each record but blank lines; an
    UnreadableLine for a record the csv module refuses or one holding a NUL character."""
    previous_end = reader.line_num
    found = 0  # NUL characters found in the records so far: none left to look for when it is watch.nuls
    while True:
        try:
            # One loop over the reader as long as it reads: the try costs nothing per line, and
            # after an error the reader goes on from the next line.
            for values in reader:
                start = previous_end + 1
                previous_end = reader.line_num
                if len(values) < 2 and (not values or not values[0].strip()):
                    continue  # blank line
                if watch.nuls > found:
                    nuls = sum(value.count("\0") for value in values)
                    if nuls:
                        found += nuls
                        values = UnreadableLine(NUL_REASON)
                yield start, values
            return
        except csv.Error as error:
            start = previous_end + 1
            previous_end = reader.line_num
            yield start, UnreadableLine(_csv_error_reason(error))


def csv_records(lines: Iterable[str], *, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, values) of each record of CSV text given line by line, the header included
    (line 1); a line that cannot be read comes as an UnreadableLine."""
    watch = _NulWatchedLines()
    return _records(csv.reader(watch.lines(lines), delimiter=delimiter), watch)


@dataclass(frozen=True)
class CsvFile:
    name: str
    encoding: str
    delimiter: str
    header: list[str]
    # (line number of the record's first line, values): the fast path of big imports, which
    # look values up by column index; a record's width may differ from the header's, and a line
    # the reader refused is an UnreadableLine (no values).
    records: Iterator[tuple[int, list[str]]]

    @property
    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """The records as dicts keyed by header name (`__width__` set when the width is wrong,
        and `__unreadable__` to the reason for a line the reader refused)."""
        header, width = self.header, len(self.header)
        for line, values in self.records:
            if len(values) != width:
                # Keep what can be keyed; the caller reports the line with its field count.
                row = dict(zip(header, values, strict=False))
                row["__width__"] = str(len(values))
                if isinstance(values, UnreadableLine):
                    row["__unreadable__"] = values.reason
                yield line, row
            else:
                yield line, dict(zip(header, values, strict=True))

    def fields_of(self, columns: tuple[str, ...]) -> Iterator[tuple[int, tuple[str, ...], int | str]]:
        """(line, the values of `columns` in that order, the record's field count if it is not the
        header's, else 0 — or the reason, a string, when the reader refused the line) per record:
        the fast path of a wide file read in part, one C call per line (SIRENE's stock, 53
        columns: a dict per line cost 3 µs more). A column the header lacks reads as "", and so
        does one past a short record's end (what `.get(name) or ""` gives on the dicts of
        `rows`); a record too wide is cut to the header's width."""
        header, width = self.header, len(self.header)
        # Index `width` is a "" added to the records the fast path cannot read as they are.
        indexes = [header.index(name) if name in header else width for name in columns]
        getter = operator.itemgetter(*indexes)
        pick: Callable[[list[str]], tuple[str, ...]] = getter
        if len(indexes) == 1:  # itemgetter of one index gives the value, not a tuple

            def pick(values: list[str]) -> tuple[str, ...]:
                return (getter(values),)

        complete = width not in indexes
        padding = [""] * (width + 1)
        for line, values in self.records:
            count = len(values)
            if count == width and complete:
                yield line, pick(values), 0
            elif isinstance(values, UnreadableLine):
                yield line, pick(padding), values.reason
            else:
                yield line, pick((values[:width] + padding)[: width + 1]), 0 if count == width else count


def read_csv(binary: BinaryIO, name: str) -> CsvFile:
    """Read a CSV from a seekable binary stream, detecting encoding and delimiter."""
    head = binary.read(_SNIFF_BYTES)
    binary.seek(0)
    if not head.strip():
        raise SourceError(f"{name} : fichier vide.")
    encoding = detect_encoding(head)
    watch = _NulWatch(binary)
    text = io.TextIOWrapper(cast(BinaryIO, watch), encoding=encoding, errors=_errors(encoding), newline="")
    text._CHUNK_SIZE = _CHUNK_BYTES  # type: ignore[attr-defined]
    first_line = head.split(b"\n", 1)[0].decode("latin-1")
    delimiter = max((";", ",", "\t", "|"), key=first_line.count)
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = [normalize_header(h) for h in next(reader)]
    except StopIteration as error:
        raise SourceError(f"{name} : pas de ligne d'en-tête.") from error
    except csv.Error as error:
        raise SourceError(f"{name} : ligne d'en-tête illisible ({error}).") from error
    return CsvFile(name=name, encoding=encoding, delimiter=delimiter, header=header, records=_records(reader, watch))
