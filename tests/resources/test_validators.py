"""Uploaded documents: checked by content and size, with a French message."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from alliances.resources.validators import validate_document


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("guide.pdf", b"%PDF-1.7\n...\n%%EOF\n"),
        ("trame.docx", DOCX),
        ("trame.ODT", ODT),
    ],
)
def test_accepted_documents(name, content):
    validate_document(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programme.exe", b"MZ\x90\x00", "Format « .exe » non accepté"),
        ("faux.pdf", b"MZ\x90\x00 not a pdf", "ne correspond pas à son extension"),
        ("trame.docx", ODT, "ne correspond pas à son extension"),
        ("archive.xlsx", _zip({"a.txt": b"x"}), "ne correspond pas à son extension"),
        ("vide.pdf", b"", "Le fichier est vide"),
    ],
)
def test_refused_documents(name, content, message):
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile(name, content))
    assert message in " ".join(error.value.messages)


def test_too_big_document():
    upload = SimpleUploadedFile("gros.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError, match="taille maximale est de 20 Mo"):
        validate_document(upload)
