"""Web hardening: rate limits on what emails others, redirects, uploads, Markdown."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.conftest import make_user

pytestmark = pytest.mark.django_db


# --- rate limits ----------------------------------------------------------------------------


def test_sign_up_is_rate_limited_per_address(client):
    statuses = [
        client.post(
            "/compte/signup/",
            {"email": f"x{i}@exemple.fr", "password1": "a", "password2": "b"},
            REMOTE_ADDR="203.0.113.5",
        ).status_code
        for i in range(21)
    ]
    assert statuses[:20] == [200] * 20  # invalid form, shown again
    assert statuses[20] == 429
    # Another address is not blocked.
    assert client.get("/compte/signup/", REMOTE_ADDR="203.0.113.6").status_code == 200


def test_contacting_a_practice_contributor_is_rate_limited(client, settings):
    from alliances.practices.views import CONTACTS_PER_HOUR
    from tests.practices.factories import published_practice

    practice = published_practice(title="Une épicerie solidaire")
    url = f"/pratiques/{practice.pk}/contact/"
    data = {"name": "Octave", "email": "octave@exemple.fr", "message": "Comment avez-vous fait ?"}
    for _ in range(CONTACTS_PER_HOUR):
        assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 429
    assert "Trop de messages" in response.content.decode()
    assert len(mail.outbox) == CONTACTS_PER_HOUR


def test_invitations_are_rate_limited_per_pilot(client, monkeypatch):
    from importlib import import_module

    from alliances.partnerships.models import Invitation
    from tests.partnerships.factories import AllianceFactory, UserFactory

    # The module, not the `members` view that the views package exports under the same name.
    views = import_module("alliances.partnerships.views.members")

    monkeypatch.setattr(views, "INVITATIONS_PER_DAY", 2)
    pilot = UserFactory()
    alliance = AllianceFactory()
    alliance.memberships.create(user=pilot, role="pilote", organisation_name="Mairie de Mende")
    client.force_login(pilot)
    url = f"/alliances/{alliance.pk}/membres/"
    for i in range(3):
        response = client.post(
            url,
            {
                "email": f"invite{i}@exemple.fr",
                "organisation_name": "Association du causse",
                "organisation_name_type": "association",
                "role": "partenaire",
            },
        )
    assert response.status_code == 200
    assert "Trop d&#x27;invitations : 2 au plus en 24 heures" in response.content.decode()
    assert Invitation.objects.filter(alliance=alliance).count() == 2


# --- redirects ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example"]
)
def test_sign_in_never_redirects_to_another_site(client, target):
    user = make_user("redirige@exemple.fr")
    response = client.post(
        f"/compte/login/?next={target}", {"login": user.email, "password": "motdepasse-solide-42", "next": target}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_sign_out_never_redirects_to_another_site(client, user):
    client.force_login(user)
    response = client.post("/compte/logout/", {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


# --- uploads --------------------------------------------------------------------------------


def _jpeg_with_metadata() -> bytes:
    image = Image.new("RGB", (40, 30), "green")
    exif = Image.Exif()
    exif[0x010E] = "position-secrete-du-photographe"  # ImageDescription
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


@pytest.fixture
def draft(settings, tmp_path):
    from tests.practices.factories import PracticeFactory

    settings.MEDIA_ROOT = tmp_path
    return PracticeFactory()


def test_uploaded_images_are_re_encoded_without_their_metadata_or_trailing_payload(draft):
    from alliances.practices.services import practice_add_attachment

    content = _jpeg_with_metadata() + b"<script>alert(1)</script>"
    assert b"position-secrete" in content
    attachment = practice_add_attachment(
        practice=draft, by=draft.contributor, file=SimpleUploadedFile("photo.jpg", content)
    )
    stored = attachment.file.read()
    assert b"position-secrete" not in stored and b"<script>" not in stored
    assert Image.open(io.BytesIO(stored)).size == (40, 30)
    assert attachment.size == len(stored)


def test_attachment_paths_cannot_be_guessed(draft):
    from alliances.practices.services import practice_add_attachment

    first, second = (
        practice_add_attachment(
            practice=draft, by=draft.contributor, file=SimpleUploadedFile("photo.jpg", _jpeg_with_metadata())
        )
        for _ in range(2)
    )
    assert first.file.name != f"pratiques/{draft.pk}/photo.jpg"
    assert first.file.name != second.file.name and first.file.name.endswith("-photo.jpg")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.png", b"<html><script>alert(1)</script></html>"),
        ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("programme.pdf", b"MZ\x90\x00 un executable renomme"),
    ],
)
def test_uploads_are_checked_by_content_not_by_name(draft, name, content):
    from alliances.practices.services import PracticeError, practice_add_attachment

    with pytest.raises(PracticeError, match=r"Format refusé|PDF"):
        practice_add_attachment(practice=draft, by=draft.contributor, file=SimpleUploadedFile(name, content))


def test_attachments_are_served_with_safe_headers(client, draft):
    from alliances.practices.services import practice_add_attachment
    from tests.practices.factories import moderator, published_practice

    practice, by = published_practice(contributor=draft.contributor), moderator()
    pdf = practice_add_attachment(
        practice=practice,
        by=by,
        file=SimpleUploadedFile("bilan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
    )
    photo = practice_add_attachment(
        practice=practice, by=by, file=SimpleUploadedFile("photo.jpg", _jpeg_with_metadata())
    )
    response = client.get(f"/pratiques/pieces-jointes/{pdf.pk}/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    response = client.get(f"/pratiques/pieces-jointes/{photo.pk}/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/jpeg"


def test_resource_documents_are_downloaded_not_displayed(client, settings, tmp_path):
    from django.core.files.base import ContentFile

    from tests.resources.factories import ResourceFactory

    settings.MEDIA_ROOT = tmp_path
    resource = ResourceFactory(slug="guide", kind="guide", url="")
    resource.document.save("guide.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    response = client.get("/ressources/guide/telecharger/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


# --- production settings ----------------------------------------------------------------------


def test_production_counts_rate_limits_in_a_cache_shared_by_every_server():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_production",
        "SECRET_KEY": "x" * 20 + "production-secret-key-for-the-check-0123456789",
    }
    code = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=Path(__file__).parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1].split() == ["django.core.cache.backends.db.DatabaseCache", "1"]


def test_correction_proposals_are_rate_limited(client, monkeypatch):
    from alliances.practices import views
    from alliances.practices.models import CorrectionProposal
    from tests.practices.factories import published_practice

    monkeypatch.setattr(views, "CORRECTIONS_PER_DAY", 2)
    practice = published_practice(title="Une recyclerie")
    client.force_login(make_user("correcteur@exemple.fr"))
    for _ in range(3):
        response = client.post(
            f"/pratiques/{practice.pk}/correction/", {"text": "Le budget était de 12 000 €."}, follow=True
        )
    assert "Trop de propositions de correction : 2 au plus en 24 heures" in response.content.decode()
    assert CorrectionProposal.objects.filter(practice=practice).count() == 2


def test_a_missing_attachment_file_is_a_404_not_a_500(client, draft):
    from alliances.practices.services import practice_add_attachment
    from tests.practices.factories import moderator, published_practice

    practice = published_practice(contributor=draft.contributor)
    attachment = practice_add_attachment(
        practice=practice, by=moderator(), file=SimpleUploadedFile("photo.jpg", _jpeg_with_metadata())
    )
    attachment.file.storage.delete(attachment.file.name)
    assert client.get(f"/pratiques/pieces-jointes/{attachment.pk}/").status_code == 404
