"""Open official CSV files wherever they are: a path or a URL, a CSV or a zip of CSVs,
ISO-8859-1 or UTF-8 with or without BOM; rows come out as dicts keyed by header name."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import operator
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from alliances.core.downloads import DownloadError, fetch

_SNIFF_BYTES = 256 * 1024
_LATIN1_FALLBACK = "alliances-latin1-fallback"


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):  # an error handler also receives encoding errors
        raise error
    # A UTF-8 file with a stray ISO-8859-1 byte (registers are merged from many
    # prefectures): read that byte as ISO-8859-1 instead of failing or losing it.
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error(_LATIN1_FALLBACK, _latin1_fallback)


class SourceError(Exception):
    """The file cannot be read at all (missing, not CSV, no header); message in French."""


@dataclass(frozen=True)
class CsvFile:
    name: str
    encoding: str
    delimiter: str
    header: list[str]
    # (line number of the record's first line, values): the fast path of big imports, which
    # look values up by column index; a record's width may differ from the header's.
    records: Iterator[tuple[int, list[str]]]

    @property
    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """The records as dicts keyed by header name (`__width__` set when the width is wrong)."""
        header, width = self.header, len(self.header)
        for line, values in self.records:
            if len(values) != width:
                # Keep what can be keyed; the caller reports the line with its field count.
                row = dict(zip(header, values, strict=False))
                row["__width__"] = str(len(values))
                yield line, row
            else:
                yield line, dict(zip(header, values, strict=True))

    def fields_of(self, columns: tuple[str, ...]) -> Iterator[tuple[int, tuple[str, ...], int]]:
        """(line, the values of `columns` in that order, the record's field count if it is not the
        header's, else 0) per record: the fast path of a wide file read in part, one C call per
        line (SIRENE's stock, 53 columns: a dict per line cost 3 µs more). A column the header
        lacks reads as "", and so does one past a short record's end (what `.get(name) or ""`
        gives on the dicts of `rows`); a record too wide is cut to the header's width."""
        header, width = self.header, len(self.header)
        # Index `width` is a "" added to the records the fast path cannot read as they are.
        indexes = [header.index(name) if name in header else width for name in columns]
        pick: Callable[[list[str]], tuple[str, ...]] = operator.itemgetter(*indexes)
        if len(indexes) == 1:
            single = operator.itemgetter(indexes[0])

            def pick(values: list[str]) -> tuple[str, ...]:
                return (single(values),)

        complete = width not in indexes
        padding = [""] * (width + 1)
        for line, values in self.records:
            count = len(values)
            if count == width and complete:
                yield line, pick(values), 0
            else:
                yield line, pick((values[:width] + padding)[: width + 1]), 0 if count == width else count


def detect_encoding(head: bytes) -> str:
    """`utf-8-sig` (BOM), `utf-8`, or `iso-8859-1` when the head is not valid UTF-8."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is not an error.
        if error.start < len(head) - 3:
            return "iso-8859-1"
    return "utf-8"


def normalize_header(name: str) -> str:
    return name.strip().strip('"').strip().lstrip("\ufeff").lower()


def read_csv(binary: IO[bytes], name: str) -> CsvFile:
    """Read a CSV from a seekable binary stream, detecting encoding and delimiter."""
    head = binary.read(_SNIFF_BYTES)
    binary.seek(0)
    if not head.strip():
        raise SourceError(f"{name} : fichier vide.")
    encoding = detect_encoding(head)
    errors = _LATIN1_FALLBACK if encoding.startswith("utf-8") else "strict"
    text = io.TextIOWrapper(binary, encoding=encoding, errors=errors, newline="")
    first_line = head.split(b"\n", 1)[0].decode("latin-1")
    delimiter = max((";", ",", "\t", "|"), key=first_line.count)
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = [normalize_header(h) for h in next(reader)]
    except StopIteration as error:
        raise SourceError(f"{name} : pas de ligne d'en-tête.") from error
    return CsvFile(name=name, encoding=encoding, delimiter=delimiter, header=header, records=_records(reader))


def _records(reader) -> Iterator[tuple[int, list[str]]]:
    previous_end = reader.line_num
    for values in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        if len(values) < 2 and (not values or not values[0].strip()):
            continue  # blank line
        yield start, values


@contextlib.contextmanager
def local_copy(path_or_url: str) -> Iterator[Path]:
    """Yield a local path: the file itself, or the URL downloaded to ALLIANCES_DATA_DIR."""
    try:
        yield fetch(path_or_url)
    except DownloadError as error:
        raise SourceError(str(error)) from error


def uncompressed_size(path_or_url: str | Path) -> int:
    """Bytes of CSV in a local file (the members' sizes for a zip); 0 for a URL (unknown before
    downloading it)."""
    path = Path(path_or_url)
    if not path.is_file():
        return 0
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist() if info.filename.lower().endswith(".csv"))
    return path.stat().st_size


@contextlib.contextmanager
def open_csv_files(path_or_url: str) -> Iterator[Iterator[CsvFile]]:
    """Yield the CSV files of a source: one for a CSV, one per `.csv` member for a zip."""
    with local_copy(path_or_url) as path:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = sorted(n for n in archive.namelist() if n.lower().endswith(".csv"))
                if not members:
                    raise SourceError(f"{path_or_url} : l'archive ne contient aucun fichier CSV.")
                yield _zip_members(archive, members)
        else:
            with path.open("rb") as binary:
                yield iter([read_csv(binary, path.name)])


def _zip_members(archive: zipfile.ZipFile, members: list[str]) -> Iterator[CsvFile]:
    for member in members:
        with archive.open(member) as binary:
            yield read_csv(binary, member)
