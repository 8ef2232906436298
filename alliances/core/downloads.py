"""Accept a local path or an official URL: URLs are downloaded to ALLIANCES_DATA_DIR first.

Shared by every importer (indicators, RNA, SIRENE…).
"""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from tqdm import tqdm


class DownloadError(Exception):
    pass


def is_url(value: str) -> bool:
    # file:// too: an operator may point at a mounted share the same way as at a website.
    return urlparse(value).scheme in ("http", "https", "ftp", "file")


def fetch(path_or_url: str, *, progress: bool = True, timeout: float = 60) -> Path:
    """Return a local file: the path itself, or the URL downloaded (with a progress bar)."""
    if not is_url(path_or_url):
        path = Path(path_or_url).expanduser()
        if not path.is_file():
            raise DownloadError(f"Fichier introuvable : {path}")
        return path
    target_dir = Path(settings.ALLIANCES_DATA_DIR)
    target_dir.mkdir(parents=True, exist_ok=True)
    name = Path(unquote(urlparse(path_or_url).path)).name or "telechargement"
    target = target_dir / name
    partial = target.with_name(target.name + ".part")
    request = urllib.request.Request(path_or_url, headers={"User-Agent": "alliances-en-territoire"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, partial.open("wb") as out:
            total = int(response.headers.get("Content-Length") or 0) or None
            with tqdm(
                total=total, unit="o", unit_scale=True, desc=f"Téléchargement de {name}", disable=not progress
            ) as bar:
                while chunk := response.read(1 << 16):
                    out.write(chunk)
                    bar.update(len(chunk))
    except (urllib.error.URLError, OSError) as error:
        partial.unlink(missing_ok=True)
        raise DownloadError(f"Téléchargement impossible de {path_or_url} : {error}") from error
    # Only a complete download replaces the previous copy.
    shutil.move(partial, target)
    return target


def unpack(path: Path, *, prefer: str = "") -> Path:
    """INSEE publishes most files as a zip: return the data file inside (extracted to
    ALLIANCES_DATA_DIR), preferring a member whose name contains `prefer`; other paths as they are."""
    # An xlsx workbook is itself a zip archive: only a .zip is opened.
    if path.suffix.lower() != ".zip" or not zipfile.is_zipfile(path):
        return path
    with zipfile.ZipFile(path) as archive:
        members = [i for i in archive.infolist() if i.filename.lower().endswith((".csv", ".xlsx")) and not i.is_dir()]
        if not members:
            raise DownloadError(f"L'archive {path.name} ne contient ni fichier CSV ni classeur xlsx.")
        preferred = [i for i in members if prefer and prefer.lower() in Path(i.filename).name.lower()]
        chosen = max(preferred or members, key=lambda i: i.file_size)
        target_dir = Path(settings.ALLIANCES_DATA_DIR)
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / Path(chosen.filename).name
        with archive.open(chosen) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
    return target
