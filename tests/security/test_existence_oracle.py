"""Private objects answer exactly like missing ones (404), whatever is tried on them: no 403 that
would tell another user's draft from an id that does not exist (issue 24, finding 10)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from alliances.practices.enums import Status
from alliances.practices.models import Practice, PracticeAttachment
from tests.practices.factories import PracticeFactory, UserFactory, moderator, published_practice

pytestmark = pytest.mark.django_db

MISSING = 987654


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def draft(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    practice = PracticeFactory(title="Brouillon confidentiel")
    attachment = PracticeAttachment(practice=practice, title="photo", content_type="image/png", size=10)
    attachment.file.save("photo.png", SimpleUploadedFile("photo.png", _png()), save=False)
    attachment.save()
    return practice


def _requests(practice_pk: int, attachment_pk: int):
    return [
        ("get", reverse("practices:edit", args=[practice_pk, 1]), {}),
        ("post", reverse("practices:edit", args=[practice_pk, 1]), {"title": "Pris", "summary": "x" * 30}),
        ("post", reverse("practices:attachment_add", args=[practice_pk]), {"title": "Sans fichier"}),
        ("post", reverse("practices:attachment_remove", args=[practice_pk, attachment_pk]), {}),
        ("post", reverse("practices:submit", args=[practice_pk]), {}),
        ("get", reverse("practices:detail", args=[practice_pk]), {}),
        ("get", reverse("practices:attachment", args=[attachment_pk]), {}),
    ]


def test_another_users_draft_answers_like_a_missing_one_and_stays_unchanged(client, draft):
    attachment = draft.attachments.get()
    client.force_login(UserFactory())
    for (method, url, data), (_, missing_url, _) in zip(
        _requests(draft.pk, attachment.pk), _requests(MISSING, MISSING), strict=True
    ):
        hidden = getattr(client, method)(url, data)
        missing = getattr(client, method)(missing_url, data)
        assert (hidden.status_code, missing.status_code) == (404, 404), url
        assert "Brouillon confidentiel" not in hidden.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Brouillon confidentiel" and draft.status == Status.DRAFT
    assert draft.attachments.count() == 1


def test_the_contributor_and_moderators_still_reach_the_draft(client, draft):
    for user in (draft.contributor, moderator()):
        client.force_login(user)
        assert client.get(reverse("practices:edit", args=[draft.pk, 1])).status_code == 200


def test_a_published_practice_is_public_so_editing_it_is_a_403(client):
    practice = published_practice(title="Pratique publiée")
    client.force_login(UserFactory())
    assert client.get(reverse("practices:edit", args=[practice.pk, 1])).status_code == 403
    assert Practice.objects.get(pk=practice.pk).title == "Pratique publiée"
