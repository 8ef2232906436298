"""Moderation of catalyst profiles: the posted id and decision are parsed by a form (issue 24, finding 11)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from alliances.catalysts.enums import ProfileStatus
from tests.catalysts.factories import CatalystProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client):
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name="moderateur")[0])
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "data",
    [
        {"profile": "abc", "decision": "valider"},
        {"profile": "", "decision": "valider"},
        {"profile": "99999999999999999999999", "decision": "valider"},
        {"profile": "987654", "decision": "valider"},
        {"decision": "valider"},
        {"profile": "PK", "decision": "n-importe-quoi"},
        {"profile": "PK"},
    ],
)
def test_a_malformed_moderation_post_is_refused_without_error_and_changes_nothing(moderator_client, data):
    profile = CatalystProfileFactory(status=ProfileStatus.PENDING)
    data = {k: str(profile.pk) if v == "PK" else v for k, v in data.items()}
    response = moderator_client.post("/catalyseurs/moderation/", data)
    assert response.status_code == 400
    assert "Décision incomplète" in response.content.decode()
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.PENDING and profile.moderated_by is None


def test_a_moderator_still_validates_a_profile(moderator_client):
    profile = CatalystProfileFactory(status=ProfileStatus.PENDING)
    response = moderator_client.post("/catalyseurs/moderation/", {"profile": profile.pk, "decision": "valider"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.VALIDATED
