"""Every place that takes an alliance id from a request reads it through one gate
(`partnerships.selectors.alliance_get_visible`): a private alliance's title never leaks, and it
answers exactly like a missing one (issue 24, finding 1)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliances.assessment import services as assessment_services
from alliances.partnerships.enums import Visibility
from tests.assessment.factories import UserFactory, commune, completed_assessment
from tests.partnerships.factories import AllianceFactory, MembershipFactory

pytestmark = pytest.mark.django_db

SECRET = "Projet confidentiel des Causses"


@pytest.fixture
def private_alliance():
    return AllianceFactory(title=SECRET, visibility=Visibility.MEMBERS, territory=commune("48095"))


def test_the_self_assessment_start_page_does_not_name_a_private_alliance(client, private_alliance):
    client.force_login(UserFactory())
    response = client.get(reverse("assessment:start"), {"alliance": private_alliance.pk})
    missing = client.get(reverse("assessment:start"), {"alliance": private_alliance.pk + 1000})
    assert response.status_code == missing.status_code == 404
    assert SECRET not in response.content.decode()


def test_posting_a_private_alliance_id_to_the_start_form_is_a_404_and_creates_nothing(client, private_alliance):
    client.force_login(UserFactory())
    response = client.post(
        reverse("assessment:start"), {"territoire": "commune:48095", "mode": "groupe", "alliance": private_alliance.pk}
    )
    assert response.status_code == 404 and SECRET not in response.content.decode()
    assert not private_alliance.assessments.exists()


def test_a_member_still_starts_the_private_alliance_assessment(client, private_alliance):
    member = MembershipFactory(alliance=private_alliance).user
    client.force_login(member)
    assert SECRET in client.get(reverse("assessment:start"), {"alliance": private_alliance.pk}).content.decode()


def test_pages_of_an_alliance_assessment_name_its_private_alliance_to_its_members_only(client, private_alliance):
    member = MembershipFactory(alliance=private_alliance).user
    assessment = completed_assessment(commune("48095"), by=member, alliance=private_alliance, is_public=True)
    # Public results are read by anyone; a person invited by the link takes part without being a member.
    invited = UserFactory()
    assessment_services.assessment_join(assessment=assessment, token=assessment.invite_token, by=invited)
    client.force_login(invited)
    assert SECRET not in client.get(reverse("assessment:results", args=[assessment.pk])).content.decode()
    assert SECRET not in client.get(reverse("assessment:take", args=[assessment.pk])).content.decode()
    client.logout()
    public = client.get(reverse("assessment:results", args=[assessment.pk]))
    assert public.status_code == 200 and SECRET not in public.content.decode()
    client.force_login(member)
    assert SECRET in client.get(reverse("assessment:results", args=[assessment.pk])).content.decode()
    assert SECRET in client.get(reverse("assessment:take", args=[assessment.pk])).content.decode()


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999999", " "])
def test_a_malformed_alliance_id_is_a_404_not_a_500(client, value):
    client.force_login(UserFactory())
    assert client.get(reverse("assessment:start"), {"alliance": value}).status_code in (200, 404)
    assert client.get(f"/api/v1/alliances/{value.strip() or 0}").status_code in (404, 422)


def test_the_api_answers_a_private_alliance_like_a_missing_one(client, private_alliance):
    client.force_login(UserFactory())
    private = client.get(f"/api/v1/alliances/{private_alliance.pk}")
    missing = client.get(f"/api/v1/alliances/{private_alliance.pk + 1000}")
    assert private.status_code == missing.status_code == 404
    assert private.json() == missing.json()
    assert SECRET not in private.content.decode()


def test_no_view_or_api_module_reads_an_alliance_by_id_around_the_gate():
    """The class, not the instance: pages and API operations take an alliance id only through
    `alliance_get_visible` (or `alliance_get_restorable` for a deleted one)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "alliances"
    pattern = re.compile(r"get_object_or_404\(\s*Alliance\b|Alliance\.objects\b[^\n]*\b(pk|id)=")
    offenders = [
        str(path.relative_to(root))
        for path in [*root.glob("*/views.py"), *root.glob("*/views/*.py"), *root.glob("*/api.py"), root / "api.py"]
        if pattern.search(path.read_text())
    ]
    assert offenders == []
