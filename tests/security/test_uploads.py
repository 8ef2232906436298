"""Images whose header declares too many pixels are refused before decoding (issue 24, finding 5).

The PNGs are built in memory: a few tens of kilobytes of compressed zeros that declare
13,000 × 13,000 or 20,000 × 20,000 pixels (1.4 GB and 6 s to decode, or Pillow's
DecompressionBombError). Every upload form answers with a French message, never a 500, and
nothing is stored.
"""

from __future__ import annotations

import struct
import time
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alliances.catalysts.models import CatalystProfile
from alliances.core.uploads import MAX_IMAGE_PIXELS, reencode_image, validate_upload
from alliances.practices.models import PracticeAttachment
from alliances.resources.validators import validate_document
from tests.catalysts.factories import CatalystUserFactory
from tests.practices.factories import PracticeFactory


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width: int, height: int) -> bytes:
    """A valid black-and-white PNG of width × height pixels, small on disk (rows of zeros compress well)."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + 1 bit per pixel
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    return {"13000": huge_png(13_000, 13_000), "20000": huge_png(20_000, 20_000)}


@pytest.mark.parametrize("size", ["13000", "20000"])
def test_the_pixel_limit_is_checked_from_the_header_before_decoding(bombs, size):
    content = bombs[size]
    assert len(content) < 100_000
    started = time.perf_counter()
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("carte.png", content), accept={"png"}, max_bytes=5_000_000)
    assert error.value.code == "too_many_pixels"
    assert "50 millions de pixels" in error.value.messages[0] and "Réduisez-la" in error.value.messages[0]
    with pytest.raises(ValidationError):
        reencode_image(SimpleUploadedFile("carte.png", content))
    assert time.perf_counter() - started < 1.0


def test_an_image_just_under_the_limit_passes_and_is_reencoded():
    side = int(MAX_IMAGE_PIXELS**0.5) // 4  # kept small so the test is quick; the limit is on the product
    upload = SimpleUploadedFile("carte.png", huge_png(side, side))
    assert validate_upload(upload, accept={"png"}, max_bytes=5_000_000) == "png"
    assert reencode_image(upload).startswith(b"\x89PNG")


@pytest.mark.django_db
@pytest.mark.parametrize("size", ["13000", "20000"])
def test_practice_attachment_form_refuses_a_huge_image_in_french(client, bombs, size):
    practice = PracticeFactory()
    client.force_login(practice.contributor)
    response = client.post(
        reverse("practices:attachment_add", kwargs={"pk": practice.pk}),
        {"file": SimpleUploadedFile("carte.png", bombs[size], content_type="image/png"), "title": "Carte"},
    )
    assert response.status_code == 400
    assert "50 millions de pixels" in response.content.decode()
    assert not PracticeAttachment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("size", ["13000", "20000"])
def test_catalyst_photo_form_refuses_a_huge_image_in_french(client, bombs, size, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    user = CatalystUserFactory(display_name="Nina Catalyse")
    client.force_login(user)
    response = client.post(
        "/catalyseurs/mon-profil/",
        {
            "name": "Nina Catalyse",
            "territories": "departement:48",
            "availability": "limitee",
            "contact_preference": "visio",
            "photo": SimpleUploadedFile("portrait.png", bombs[size], content_type="image/png"),
        },
    )
    assert response.status_code in (200, 400)
    assert "50 millions de pixels" in response.content.decode()
    assert not CatalystProfile.objects.filter(user=user).exists()
    assert not list(tmp_path.rglob("*.*"))


def test_resource_document_validator_refuses_an_image_bomb_without_crashing(bombs):
    with pytest.raises(ValidationError, match="ne correspond pas à son extension"):
        validate_document(SimpleUploadedFile("guide.pdf", bombs["20000"]))
