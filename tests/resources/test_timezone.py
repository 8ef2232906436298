"""Event times are stored in UTC and shown in Europe/Paris, on both sides of a DST change."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from alliances.resources.models import Event
from tests.resources.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def _next_spring_change() -> date:
    """The last Sunday of March of next year (France moves to summer time that night)."""
    year = timezone.localdate().year + 1
    last = date(year, 3, 31)
    return last - timedelta(days=(last.weekday() + 1) % 7)


@pytest.fixture
def both_sides():
    change = _next_spring_change()
    winter = EventFactory(
        slug="hiver", starts_at=datetime.combine(change - timedelta(days=1), time(18), tzinfo=PARIS), ends_at=None
    )
    summer = EventFactory(
        slug="ete", starts_at=datetime.combine(change + timedelta(days=1), time(18), tzinfo=PARIS), ends_at=None
    )
    return winter, summer


def test_stored_in_utc(both_sides):
    winter, summer = (Event.objects.get(pk=e.pk) for e in both_sides)
    assert winter.starts_at.astimezone(UTC).hour == 17  # UTC+1 in winter
    assert summer.starts_at.astimezone(UTC).hour == 16  # UTC+2 in summer


def test_pages_show_paris_time(client, both_sides):
    for event in both_sides:
        page = client.get(event.get_absolute_url()).content.decode()
        assert "18 h 00" in page
        assert "(heure de Paris)" in page


def test_api_gives_paris_time_with_its_offset(client, both_sides):
    items = {e["slug"]: e for e in client.get("/api/v1/evenements").json()["items"]}
    assert items["hiver"]["debut"].endswith("T18:00:00+01:00")
    assert items["ete"]["debut"].endswith("T18:00:00+02:00")


def test_ical_gives_paris_time(client, both_sides):
    calendar = icalendar.Calendar.from_ical(client.get("/api/v1/evenements.ics").content)
    starts = {str(e["URL"]).rstrip("/").rsplit("/", 1)[-1]: e["DTSTART"].dt for e in calendar.walk("VEVENT")}
    for slug, offset in (("hiver", 1), ("ete", 2)):
        assert starts[slug].hour == 18
        assert starts[slug].utcoffset() == timedelta(hours=offset)
        assert str(starts[slug].tzinfo) == "Europe/Paris"
    ics = client.get("/ressources/evenements/ete.ics").content.decode()
    assert "DTSTART;TZID=Europe/Paris:" in ics and "T180000" in ics


def test_editor_types_paris_time_in_the_admin(client, django_user_model):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user(email="editrice@example.org", password="x" * 12, is_staff=True)
    editor.groups.add(Group.objects.get(name="editeur"))
    client.force_login(editor)
    change = _next_spring_change()
    summer_day = change + timedelta(days=2)
    response = client.post(
        "/admin/resources/event/add/",
        {
            "kind": "atelier",
            "title": "Atelier d'été",
            "slug": "atelier-ete",
            "summary": "Résumé.",
            "status": "publie",
            "starts_at_0": summer_day.isoformat(),
            "starts_at_1": "09:30",
            "ends_at_0": summer_day.isoformat(),
            "ends_at_1": "12:00",
            "place": "Mairie fictive",
            "online_url": "",
            "organiser": "Organisation fictive",
            "audience": "",
            "registration_mode": "interne",
            "capacity": "10",
            "registration_url": "",
            "replay_url": "",
            "body": "",
            "registrations-TOTAL_FORMS": "0",
            "registrations-INITIAL_FORMS": "0",
            "registrations-MIN_NUM_FORMS": "0",
            "registrations-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(slug="atelier-ete")
    assert event.starts_at.astimezone(UTC).time() == time(7, 30)
    assert event.published_at is not None
