"""« Publier comme pratique »: a practice draft pre-filled from the alliance, then moderated."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from alliances.partnerships.models import Alliance, Commitment, Indicator, Measurement
from alliances.practices.models import Practice
from tests.partnerships.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_publish_as_practice_prefills_a_draft_that_a_moderator_publishes(client, alliance, pilot, partner):
    Commitment.objects.create(
        alliance=alliance,
        organisation_name="Association Lozère Solidaire",
        kind="competences",
        description="Mentorat de vingt jeunes",
        amount_eur=Decimal("18000"),
    )
    indicator = Indicator.objects.create(
        alliance=alliance, name="Jeunes en emploi", dimension="odd", sdg_id=8, unit="jeunes", baseline=0, target=15
    )
    Measurement.objects.create(indicator=indicator, date="2026-03-01", value=4, source="Mission locale")
    Measurement.objects.create(indicator=indicator, date="2026-09-01", value=9, source="Mission locale")
    client.force_login(pilot)
    response = client.post(reverse("partnerships:publish_practice", args=[alliance.pk]))
    practice = Practice.objects.get()
    assert response.status_code == 302 and response.url == practice.get_absolute_url()
    assert practice.status == "brouillon"
    assert practice.source_alliance_id == alliance.pk and practice.contributor == pilot
    assert practice.problem == alliance.problem
    assert "Mentorat de vingt jeunes" in practice.actions
    assert "Jeunes en emploi : de 0 à 9 jeunes" in practice.results
    assert {p.name for p in practice.partners.all()} >= {"Mairie de Mende", "Association Lozère Solidaire"}
    assert sorted(practice.sdgs.values_list("number", flat=True)) == [8, 17]
    assert Alliance.objects.get(pk=alliance.pk).practice_id == practice.pk
    # A second click does not create a second draft.
    client.post(reverse("partnerships:publish_practice", args=[alliance.pk]))
    assert Practice.objects.count() == 1
    # A moderator publishes it.
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get_or_create(name="moderateur")[0])
    client.force_login(moderator)
    client.post(reverse("practices:moderate", args=[practice.pk]), {"decision": "publier", "comment": ""})
    practice.refresh_from_db()
    assert practice.status == "publiee"


def test_only_a_pilot_can_publish_as_practice(client, alliance, partner):
    client.force_login(partner)
    assert client.post(reverse("partnerships:publish_practice", args=[alliance.pk])).status_code == 403
    client.force_login(UserFactory())
    assert client.post(reverse("partnerships:publish_practice", args=[alliance.pk])).status_code == 404
    assert not Practice.objects.exists()
