"""Backup and restore of the whole platform: database content and uploaded files, in one archive.

The archive is database-neutral (Django's JSON serialisation with natural keys), so a SQLite
backup restores on PostgreSQL and the other way round. The dump runs in one transaction
(REPEATABLE READ on PostgreSQL) so that it is a consistent snapshot while users keep working.
"""

from __future__ import annotations

import io
import json
import os
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction

from alliances.core.serializers import FORMAT as PRECISE_FORMAT

# Rebuilt by migrations on the target database; dumping them would clash with what is there.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]
FORMAT_VERSION = 1
# The archive holds password hashes and personal data: only its owner may read it.
ARCHIVE_MODE = 0o600


class BackupError(Exception):
    """The archive is unreadable or does not come from this platform."""


def backup_create(*, output: Path) -> dict:
    """Write a .tar.gz with manifest.json, data.json and media/; return the manifest."""
    output.parent.mkdir(parents=True, exist_ok=True)
    # Timestamps to the microsecond (Django's own JSON format keeps milliseconds only).
    serializers.register_serializer(PRECISE_FORMAT, "alliances.core.serializers")
    with tempfile.TemporaryDirectory() as tmp:
        data_path = Path(tmp) / "data.json"
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            call_command(
                "dumpdata",
                "--natural-foreign",
                "--natural-primary",
                "--format",
                PRECISE_FORMAT,
                "--output",
                str(data_path),
                *[arg for label in EXCLUDED for arg in ("--exclude", label)],
                verbosity=0,
            )
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(),
            "database": connection.vendor,
            "objects": _count_objects(data_path),
        }
        # Created private (not with the umask's 0644), and made private if it already existed.
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, ARCHIVE_MODE)
        os.fchmod(descriptor, ARCHIVE_MODE)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(data_path, arcname="data.json")
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, arcname="media")
    return manifest


def backup_restore(*, archive_path: Path) -> dict:
    """Replace the database content and uploaded files by those of the archive."""
    try:
        archive = tarfile.open(archive_path, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Archive illisible : {error}") from error
    with archive, tempfile.TemporaryDirectory() as tmp:
        try:
            manifest = json.load(archive.extractfile("manifest.json"))  # type: ignore[arg-type]
        except (KeyError, json.JSONDecodeError, TypeError) as error:
            raise BackupError("Ce fichier n'est pas une sauvegarde de la plateforme (manifest.json absent).") from error
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"Format de sauvegarde {manifest.get('format')} non pris en charge.")
        archive.extractall(tmp, filter="data")
        with transaction.atomic():
            call_command("flush", "--no-input", verbosity=0)
            call_command("loaddata", str(Path(tmp) / "data.json"), verbosity=0)
        media_source = Path(tmp) / "media"
        if media_source.is_dir():
            _replace_tree(media_source, Path(settings.MEDIA_ROOT))
    return manifest


def _count_objects(data_path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in json.loads(data_path.read_text(encoding="utf-8")):
        counts[item["model"]] = counts.get(item["model"], 0) + 1
    return counts


def _add_bytes(archive: tarfile.TarFile, name: str, payload: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(payload))


def _replace_tree(source: Path, target: Path) -> None:
    import shutil

    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
