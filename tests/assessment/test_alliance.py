"""An alliance answers together: its members start and join the assessment without an invitation link."""

import pytest
from django.urls import reverse

from alliances.assessment import services
from alliances.assessment.models import Assessment
from tests.assessment.factories import UserFactory, commune
from tests.partnerships.factories import AllianceFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_member_starts_the_alliance_assessment_and_another_member_joins_from_home(client):
    alliance = AllianceFactory(territory=commune("48095"))
    pilot, partner = MembershipFactory(alliance=alliance).user, MembershipFactory(alliance=alliance).user
    client.force_login(pilot)
    html = client.get(reverse("assessment:start"), {"alliance": alliance.pk}).content.decode()
    assert alliance.title in html and 'value="Mende (48095)"' in html  # the territory as people read it
    response = client.post(
        reverse("assessment:start"), {"territoire": "commune:48095", "mode": "seul", "alliance": alliance.pk}
    )
    assessment = Assessment.objects.get()
    assert response["Location"] == assessment.get_absolute_url()
    assert assessment.alliance == alliance and assessment.mode == "groupe"

    client.force_login(partner)
    html = client.get(reverse("assessment:home")).content.decode()
    assert "Autodiagnostics de vos alliances" in html and alliance.title in html
    client.post(reverse("assessment:join", args=[assessment.pk, "sans-lien"]))
    assert assessment.participants.filter(user=partner).exists()
    assert "Autodiagnostics de vos alliances" not in client.get(reverse("assessment:home")).content.decode()


def test_only_members_start_or_join_an_alliance_assessment(client):
    alliance = AllianceFactory(territory=commune("48095"))
    member = MembershipFactory(alliance=alliance).user
    outsider = UserFactory()
    client.force_login(outsider)
    html = client.post(
        reverse("assessment:start"), {"territoire": "commune:48095", "mode": "groupe", "alliance": alliance.pk}
    ).content.decode()
    assert "Seuls les membres de l&#x27;alliance" in html
    assert not Assessment.objects.exists()
    assessment = services.assessment_start(territory=commune("48095"), by=member, alliance=alliance)
    with pytest.raises(services.InvalidInvitation):
        services.assessment_join(assessment=assessment, token="mauvais", by=outsider)
    # The invitation link still works for people outside the alliance (a partner not yet registered in it).
    services.assessment_join(assessment=assessment, token=assessment.invite_token, by=outsider)
    assert assessment.participants.count() == 2
