"""Open official CSV files wherever they are: a path or a URL, a CSV or a zip of CSVs; each is
read by alliances.core.csvfiles (encoding, delimiter, lines it cannot read)."""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, cast

from alliances.core.csvfiles import CsvFile, SourceError, read_csv
from alliances.core.downloads import DownloadError, fetch


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
            yield read_csv(cast(BinaryIO, binary), member)
