"""Every uploaded file is checked here, by its content and not by its name, and images re-encoded.

`validate_upload` reads what a file really is (PDF, PNG, JPEG, WebP, Office Open XML or
OpenDocument), refuses what the caller does not accept, and checks an image's dimensions from
its header before any pixel is decoded: a 48 KB PNG can declare 20,000 × 20,000 pixels, which
would take gigabytes of memory to decode. `reencode_image` then keeps only the pixels (no
metadata such as a photo's GPS position, nothing appended to the file). Used by the practices'
attachments, the catalysts' photos and the resources' documents.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Collection
from typing import IO

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

# 50 million pixels: a 48-megapixel phone photo (8,000 × 6,000) passes; decoding it takes ~150 MB.
MAX_IMAGE_PIXELS = 50_000_000

IMAGE_KINDS = {"PNG": "png", "JPEG": "jpeg", "WEBP": "webp"}
MIME_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
LABELS = {
    "pdf": "PDF",
    "png": "PNG",
    "jpeg": "JPEG",
    "webp": "WebP",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "pptx": "PowerPoint (.pptx)",
    "odt": "OpenDocument texte (.odt)",
    "ods": "OpenDocument classeur (.ods)",
    "odp": "OpenDocument présentation (.odp)",
}
IMAGES = frozenset({"png", "jpeg", "webp"})
_OOXML_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_ODF = {"odt", "ods", "odp"}


def _zip_kind(upload: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    for kind in _ODF:
        if mimetype == MIME_TYPES[kind].encode():
            return kind
    if "[Content_Types].xml" in names:
        for kind, folder in _OOXML_FOLDERS.items():
            if any(name.startswith(folder) for name in names):
                return kind
    return None


def _copy(upload: IO[bytes]) -> io.BytesIO:
    # Pillow may close the file it reads (after `verify`): it reads a copy, the upload stays usable.
    upload.seek(0)
    try:
        return io.BytesIO(upload.read())
    finally:
        upload.seek(0)


def _open_image(upload: IO[bytes]) -> Image.Image:
    """Open an image reading only its header; refuse it if it has too many pixels to decode."""
    # Pillow warns above its own limit and raises above twice it: ours is lower and checked first.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload)
        except Image.DecompressionBombError as error:
            raise _too_many_pixels(None) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise _unreadable_image() from error
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        image.close()
        raise _too_many_pixels((width, height))
    return image


def _too_many_pixels(size: tuple[int, int] | None) -> ValidationError:
    # Above twice its own limit Pillow refuses to open the file at all: the size is then unknown.
    measured = f"mesure {size[0]:,} × {size[1]:,} pixels".replace(",", "\u202f") if size else "a trop de pixels"
    return ValidationError(
        "L'image %(measured)s : 50 millions de pixels au plus (par exemple 8\u202f000 × 6\u202f000). "
        "Réduisez-la avant de la déposer.",
        code="too_many_pixels",
        params={"measured": measured},
    )


def _unreadable_image() -> ValidationError:
    return ValidationError("Cette image est illisible ou endommagée.", code="image")


def detect_type(upload: IO[bytes]) -> str | None:
    """Return what the content really is (a key of MIME_TYPES), or None; reads the first bytes only
    (and the list of members of a zip). An image's header is read by `validate_upload`."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        try:
            return _zip_kind(upload)
        finally:
            upload.seek(0)
    return None


def _accepted(accept: Collection[str]) -> str:
    labels = [LABELS[kind] for kind in MIME_TYPES if kind in accept]
    return ", ".join(labels[:-1]) + " ou " + labels[-1] if len(labels) > 1 else labels[0]


def validate_upload(upload: IO[bytes], *, accept: Collection[str], max_bytes: int) -> str:
    """Check size and content of an uploaded file; return its kind (`pdf`, `png`…) or raise ValidationError."""
    size = getattr(upload, "size", None)
    if size is None:
        size = upload.seek(0, io.SEEK_END)
        upload.seek(0)
    if size > max_bytes:
        raise ValidationError(
            "Fichier trop lourd (%(size).1f Mo) : la taille maximale est de %(max)d Mo.",
            code="too_big",
            params={"size": size / 1024 / 1024, "max": max_bytes // (1024 * 1024)},
        )
    if size == 0:
        raise ValidationError("Le fichier est vide.", code="empty")
    kind = detect_type(upload)
    if kind is None or kind not in accept:
        raise ValidationError(
            "Format refusé : seuls les fichiers %(accepted)s sont acceptés (le type est lu dans le contenu du fichier, "
            "pas dans son nom).",
            code="type",
            params={"accepted": _accepted(accept)},
        )
    if kind == "pdf":
        upload.seek(max(size - 2048, 0))
        tail = upload.read()
        upload.seek(0)
        if b"%%EOF" not in tail:
            raise ValidationError("Ce PDF semble incomplet ou endommagé.", code="pdf")
    elif kind in IMAGES:
        image = _open_image(_copy(upload))
        try:
            if IMAGE_KINDS.get(image.format or "") != kind:
                raise _unreadable_image()
            image.verify()
        except Exception as error:  # Pillow raises many kinds of errors on a damaged file
            raise _unreadable_image() from error
        finally:
            image.close()
    return kind


def reencode_image(
    upload: IO[bytes], *, image_format: str | None = None, max_size: tuple[int, int] | None = None, quality: int = 85
) -> bytes:
    """Decode and re-encode an image (in its own format, or `image_format`), turned upright and
    at most `max_size`: what is served is only pixels. The pixel limit is checked first."""
    with _open_image(_copy(upload)) as image:
        target = image_format or image.format or "PNG"
        if max_size and image.format == "JPEG":
            image.draft("RGB", max_size)  # decode a large JPEG directly at a reduced scale
        try:
            image.load()
        except (OSError, SyntaxError, ValueError) as error:
            raise _unreadable_image() from error
        clean = ImageOps.exif_transpose(image)
        if target == "JPEG" and clean.mode not in ("RGB", "L"):
            clean = clean.convert("RGB")
        if max_size:
            clean.thumbnail(max_size)
        buffer = io.BytesIO()
        clean.save(buffer, format=target, **({"quality": quality, "optimize": True} if target == "JPEG" else {}))
    return buffer.getvalue()
