"""Uploaded documents are checked by their content, not by the name the user gave them."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError

MAX_DOCUMENT_SIZE = 20 * 1024 * 1024  # 20 Mo: enough for a guide, small enough for the server

# extension → (label, MIME type, check of the first bytes / of the archive content)
OOXML_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    **ODF_MIMETYPES,
}
ALLOWED_EXTENSIONS = tuple(MIME_TYPES)


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _zip_members(upload) -> tuple[list[str], bytes]:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except zipfile.BadZipFile:
        return [], b""
    finally:
        upload.seek(0)
    return names, mimetype.strip()


def detect_document_type(upload) -> str | None:
    """Return the extension the content really matches (pdf, docx, odt…), or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    names, mimetype = _zip_members(upload)
    for extension, expected in ODF_MIMETYPES.items():
        if mimetype == expected.encode():
            return extension
    if "[Content_Types].xml" in names:
        for extension, folder in OOXML_FOLDERS.items():
            if any(name.startswith(folder) for name in names):
                return extension
    return None


def validate_document(upload) -> None:
    """Refuse a file that is too big, of a type we do not accept, or whose content does not
    match its extension (a renamed executable, a corrupted file)."""
    if not upload or getattr(upload, "_committed", False):
        return  # nothing uploaded, or a file already checked and stored
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            "Le fichier pèse %(size).1f Mo : la taille maximale est de 20 Mo. "
            "Compressez-le ou publiez-le en plusieurs parties.",
            code="too_big",
            params={"size": size / 1024 / 1024},
        )
    if size == 0:
        raise ValidationError("Le fichier est vide.", code="empty")
    extension = _extension(upload.name)
    if extension not in MIME_TYPES:
        raise ValidationError(
            "Format « .%(ext)s » non accepté. Formats acceptés : PDF, Word (.docx), Excel (.xlsx), "
            "PowerPoint (.pptx) et OpenDocument (.odt, .ods, .odp).",
            code="extension",
            params={"ext": extension or "?"},
        )
    detected = detect_document_type(upload)
    if detected != extension:
        raise ValidationError(
            "Le contenu du fichier ne correspond pas à son extension « .%(ext)s » "
            "(fichier endommagé ou renommé). Enregistrez-le de nouveau au bon format.",
            code="content",
            params={"ext": extension},
        )
