"""Uploaded documents are checked by their content, not by the name the user gave them."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from alliances.core.uploads import MIME_TYPES as _ALL_MIME_TYPES
from alliances.core.uploads import validate_upload

MAX_DOCUMENT_SIZE = 20 * 1024 * 1024  # 20 Mo: enough for a guide, small enough for the server

DOCUMENT_KINDS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp")
MIME_TYPES = {kind: _ALL_MIME_TYPES[kind] for kind in DOCUMENT_KINDS}
ALLOWED_EXTENSIONS = DOCUMENT_KINDS


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def validate_document(upload) -> None:
    """Refuse a file that is too big, of a type we do not accept, or whose content does not
    match its extension (a renamed executable, a corrupted file)."""
    if not upload or getattr(upload, "_committed", False):
        return  # nothing uploaded, or a file already checked and stored
    extension = _extension(upload.name)
    if extension not in MIME_TYPES:
        raise ValidationError(
            "Format « .%(ext)s » non accepté. Formats acceptés : PDF, Word (.docx), Excel (.xlsx), "
            "PowerPoint (.pptx) et OpenDocument (.odt, .ods, .odp).",
            code="extension",
            params={"ext": extension or "?"},
        )
    try:
        validate_upload(upload, accept=(extension,), max_bytes=MAX_DOCUMENT_SIZE)
    except ValidationError as error:
        if error.code != "type":
            raise
        raise ValidationError(
            "Le contenu du fichier ne correspond pas à son extension « .%(ext)s » "
            "(fichier endommagé ou renommé). Enregistrez-le de nouveau au bon format.",
            code="content",
            params={"ext": extension},
        ) from error
