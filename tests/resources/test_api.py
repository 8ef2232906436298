"""API of the resource centre: resources, events, iCal feed."""

import icalendar
import pytest

pytestmark = pytest.mark.django_db


def test_resources_count_at_least_nine_with_the_demo(client, demo):
    data = client.get("/api/v1/ressources").json()
    assert data["count"] >= 9
    kinds = {item["type"] for item in data["items"]}
    assert {"kit", "webinaire", "mooc", "document", "outil"} <= kinds
    assert all(item["demonstration"] for item in data["items"])


def test_resources_filters(client, demo):
    kits = client.get("/api/v1/ressources", {"type": "kit"}).json()
    assert kits["count"] == 3
    step = client.get("/api/v1/ressources", {"etape": "agir"}).json()
    assert step["count"] >= 1 and all("agir" in i["etapes"] for i in step["items"])
    sdg = client.get("/api/v1/ressources", {"odd": 1}).json()
    assert {i["slug"] for i in sdg["items"]} == {
        "kit-sortir-de-la-crise-ensemble",
        "outil-carte-des-solidarites-locales",
    }
    page = client.get("/api/v1/ressources", {"limit": 2, "offset": 2}).json()
    assert len(page["items"]) == 2


def test_resources_full_text_search_in_french(client, demo):
    # "conventions" (plural, no accent issue) finds the memo on "convention de partenariat".
    data = client.get("/api/v1/ressources", {"q": "conventions"}).json()
    assert data["items"][0]["slug"] == "memo-convention-de-partenariat"
    assert client.get("/api/v1/ressources", {"q": "crise", "type": "kit"}).json()["count"] == 1


@pytest.mark.parametrize("params", [{"odd": 18}, {"type": "podcast"}, {"etape": "rever"}, {"depuis": "hier"}])
def test_resources_invalid_parameters_give_a_french_422(client, params):
    response = client.get("/api/v1/ressources", params)
    assert response.status_code == 422
    assert response.json()["detail"] == "Paramètres invalides."


def test_events_upcoming_by_default_and_after_a_date(client, demo):
    data = client.get("/api/v1/evenements").json()
    assert data["count"] == 4
    first = data["items"][0]
    assert first["debut"].endswith(("+01:00", "+02:00"))
    assert first["placesRestantes"] == first["places"]
    everything = client.get("/api/v1/evenements", {"apres": "2000-01-01"}).json()
    assert everything["count"] == 5
    assert any(e["replay"] for e in everything["items"])


def test_ical_feed_validates_and_has_every_event(client, demo):
    response = client.get("/api/v1/evenements.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) >= 4
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"
    for event in events:
        assert event["UID"] and event["DTSTART"].dt.tzinfo is not None and event["SUMMARY"]
    page_feed = icalendar.Calendar.from_ical(client.get("/ressources/evenements.ics").content)
    assert [str(e["UID"]) for e in page_feed.walk("VEVENT")] == [str(e["UID"]) for e in events]


def test_ical_feed_is_cached_until_an_event_changes_or_ends(client, django_assert_max_num_queries):
    from datetime import timedelta

    from django.utils import timezone

    from alliances.resources import services
    from alliances.resources.enums import PublicationStatus
    from tests.resources.factories import EventFactory

    def titles():
        return sorted(
            str(e["SUMMARY"])
            for e in icalendar.Calendar.from_ical(client.get("/api/v1/evenements.ics").content).walk("VEVENT")
        )

    soon = EventFactory(
        title="Atelier bientôt fini",
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(seconds=2),
        replay_url="https://exemple.org/replay",
    )
    assert titles() == ["Atelier bientôt fini"]
    with django_assert_max_num_queries(1):  # the state of the events; the feed comes from the cache
        client.get("/api/v1/evenements.ics")

    other = EventFactory(title="Nouvel atelier")
    assert titles() == ["Atelier bientôt fini", "Nouvel atelier"]  # a new event
    other.title = "Atelier renommé"
    other.save()
    assert titles() == ["Atelier bientôt fini", "Atelier renommé"]  # an edit
    services.event_set_status(event=other, status=PublicationStatus.DRAFT)
    assert titles() == ["Atelier bientôt fini"]  # unpublished
    assert "replay" not in client.get("/api/v1/evenements.ics").content.decode().lower()
    soon.ends_at = timezone.now() - timedelta(seconds=1)
    type(soon).objects.filter(pk=soon.pk).update(ends_at=soon.ends_at)  # time passes, nothing saved
    assert "exemple.org/replay" in client.get("/api/v1/evenements.ics").content.decode().replace("\r\n ", "")
    other.delete()
    assert titles() == ["Atelier bientôt fini"]
