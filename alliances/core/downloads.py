"""Accept a local path or an official URL: URLs are downloaded to ALLIANCES_DATA_DIR first.

Shared by every importer (indicators, RNA, SIRENE…).
"""

from __future__ import annotations

import hashlib
import shutil
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from tqdm import tqdm

USER_AGENT = "alliances-en-territoire"


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


@dataclass(frozen=True)
class Download:
    path: Path
    status: str  # "téléchargé", "repris", "en cache"
    size: int
    sha256: str


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _remote_size(url: str, timeout: float) -> int | None:
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            return int(length) if length else None
    except (urllib.error.URLError, OSError, ValueError):
        return None


def download(
    url: str,
    *,
    name: str | None = None,
    sha256: str = "",
    progress: bool = True,
    timeout: float = 60,
    chunk_size: int = 1 << 16,
) -> Download:
    """Download `url` into ALLIANCES_DATA_DIR, resuming an interrupted download (HTTP Range).

    A file already there is kept when its size matches the server's (and its recorded SHA-256 is
    still right); the size announced by the server and `sha256`, when given, are checked before the
    file replaces an earlier copy. Raise DownloadError with a French message otherwise.
    """
    target_dir = Path(settings.ALLIANCES_DATA_DIR)
    target_dir.mkdir(parents=True, exist_ok=True)
    name = name or Path(unquote(urlparse(url).path)).name or "telechargement"
    target, partial, recorded = target_dir / name, target_dir / f"{name}.part", target_dir / f"{name}.sha256"
    if target.is_file():
        remote = _remote_size(url, timeout)
        known = recorded.read_text().strip() if recorded.is_file() else ""
        if (remote is None or remote == target.stat().st_size) and (not sha256 or known == sha256):
            digest = _sha256(target)
            if (not known or digest == known) and (not sha256 or digest == sha256):
                return Download(target, "en cache", target.stat().st_size, digest)
    offset = partial.stat().st_size if partial.is_file() else 0
    headers = {"User-Agent": USER_AGENT}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            resumed = offset > 0 and response.status == 206
            if not resumed:
                offset = 0  # the server sent the whole file
            length = response.headers.get("Content-Length")
            total = offset + int(length) if length else None
            with (
                partial.open("ab" if resumed else "wb") as out,
                tqdm(
                    total=total,
                    initial=offset,
                    unit="o",
                    unit_scale=True,
                    desc=f"Téléchargement de {name}",
                    disable=not progress,
                ) as bar,
            ):
                while chunk := response.read(chunk_size):
                    out.write(chunk)
                    bar.update(len(chunk))
    except (urllib.error.URLError, OSError) as error:
        # The partial file stays: the next run resumes it.
        raise DownloadError(f"Téléchargement impossible de {url} : {error}") from error
    size = partial.stat().st_size
    if total is not None and size != total:
        raise DownloadError(f"Téléchargement incomplet de {url} : {size} octets reçus sur {total}.")
    digest = _sha256(partial)
    if sha256 and digest != sha256:
        partial.unlink()
        raise DownloadError(f"Empreinte SHA-256 inattendue pour {name} : {digest} au lieu de {sha256}.")
    shutil.move(partial, target)
    recorded.write_text(digest + "\n")
    return Download(target, "repris" if resumed else "téléchargé", size, digest)
