"""Demo alliances: idempotent, labelled, in real communes, removable."""

import pytest
from django.contrib.auth import get_user_model

from alliances.actors.models import Organisation
from alliances.partnerships.demo import load_demo, remove_demo
from alliances.partnerships.models import Alliance, Commitment, Measurement, Meeting, Membership

pytestmark = pytest.mark.django_db


def test_load_is_idempotent_and_covers_every_step(client):
    assert load_demo() == 8
    assert load_demo() == 0
    alliances = Alliance.objects.filter(is_demo=True)
    assert alliances.count() == 8
    assert set(alliances.values_list("step", flat=True)) == {
        "comprendre",
        "mobiliser",
        "co-construire",
        "agir",
        "evaluer",
    }
    assert all(a.territory.kind == "commune" for a in alliances)
    assert Membership.objects.filter(alliance__is_demo=True, role="partenaire").count() >= 8
    assert Commitment.objects.filter(alliance__is_demo=True).count() >= 8
    assert Meeting.objects.filter(alliance__is_demo=True).count() >= 16
    assert Measurement.objects.filter(indicator__alliance__is_demo=True).count() >= 8
    assert not get_user_model().objects.filter(email__endswith="@demo-alliances.invalid", is_demo=False).exists()
    # Every member and lead organisation is an invented organisation of the directory, marked as such.
    assert not Membership.objects.filter(alliance__is_demo=True, organisation__isnull=True).exists()
    assert not alliances.filter(lead_organisation__isnull=True).exists()
    assert not Organisation.objects.filter(alliance_memberships__alliance__is_demo=True, is_demo=False).exists()
    assert all(a.fragilities for a in alliances)
    html = client.get(alliances.get(title="Premier emploi en Lozère").get_absolute_url()).content.decode()
    assert "Exemple fictif — démonstration" in html and "même si Mende est une commune réelle" in html
    assert "Exemple fictif — démonstration" in client.get("/alliances/").content.decode()
    assert "Premier emploi en Lozère" in client.get("/territoires/commune/48095/").content.decode()


def test_remove_deletes_demo_items_only(pilot, alliance):
    load_demo()
    assert remove_demo() == 8
    assert list(Alliance.objects.all()) == [alliance]
    assert not get_user_model().objects.filter(email__endswith="@demo-alliances.invalid").exists()
    assert not Organisation.objects.filter(name__endswith="(fictif)").exists()


def test_demo_has_open_calls_with_deadlines_to_come_badged_as_examples(client):
    from datetime import timedelta

    from django.utils import timezone

    load_demo()
    today = timezone.localdate()
    calls = Alliance.objects.open_calls().filter(is_demo=True)
    assert calls.count() == 5
    deadlines = [a.call_deadline for a in calls if a.call_deadline is not None]
    assert len(deadlines) == 4 and all(d > today for d in deadlines)
    # Loaded again later (the deadlines had passed): the calls are open again, from the new day.
    Alliance.objects.filter(is_demo=True).update(call_deadline=today - timedelta(days=1))
    load_demo()
    assert Alliance.objects.open_calls().filter(is_demo=True).count() == 5
    html = client.get("/appels/").content.decode()
    assert "5 appels à partenaires ouverts" in html
    assert html.count("Exemple fictif — démonstration") == 5
    assert "Premier emploi en Lozère" in client.get("/appels/", {"territoire": "Mende"}).content.decode()
