"""The feeds of the calls: Atom (RFC 4287) read with the standard library's XML parser, and the
calendar of deadlines (RFC 5545) read with `icalendar`."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta

import icalendar
import pytest

from tests.partnerships.calls_world import NEVER, calls_world

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def world():
    return calls_world()


def _rfc3339(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert value.tzinfo is not None, f"date sans fuseau : {text}"
    return value


def _atom(client, query: str = "") -> ET.Element:
    response = client.get(f"/appels/flux.atom{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def test_atom_feed_has_every_element_rfc_4287_requires(client, world):
    feed = _atom(client)
    assert feed.tag == f"{ATOM}feed"
    # atom:feed: exactly one id, title and updated; an author (or one per entry); a self link.
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert feed.findtext(f"{ATOM}id").startswith("http://testserver/appels/")
    assert feed.findtext(f"{ATOM}title") == "Appels à partenaires — Alliances en territoire"
    _rfc3339(feed.findtext(f"{ATOM}updated"))
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == "http://testserver/appels/flux.atom"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 5
    ids = set()
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        ids.add(entry.findtext(f"{ATOM}id"))
        _rfc3339(entry.findtext(f"{ATOM}updated"))
        alternate = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        assert len(alternate) == 1
    assert len(ids) == 5  # one id per entry
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert all(title.startswith("Appel à partenaires : ") for title in titles)
    assert not [t for t in titles if any(never in t for never in NEVER)]


def test_atom_entries_link_to_the_alliance_and_follow_the_filters(client, world):
    feed = _atom(client, "?territoire=Mende")
    entries = {entry.findtext(f"{ATOM}title"): entry for entry in feed.findall(f"{ATOM}entry")}
    assert set(entries) == {"Appel à partenaires : Emploi des jeunes à Mende", "Appel à partenaires : Aînés de Lozère"}
    mende = entries["Appel à partenaires : Emploi des jeunes à Mende"]
    assert mende.find(f"{ATOM}link").get("href") == f"http://testserver/alliances/{world.mende.pk}/"
    assert _rfc3339(mende.findtext(f"{ATOM}updated")) == world.mende.updated_at
    summary = mende.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "Texte de l'appel « Emploi des jeunes à Mende »." in html.unescape(summary.text)
    # The feed's updated date is its latest entry's.
    latest = max(world.mende.updated_at, world.lozere.updated_at)
    assert _rfc3339(feed.findtext(f"{ATOM}updated")) == latest
    self_link = next(link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self")
    assert self_link == "http://testserver/appels/flux.atom?territoire=Mende"  # the filters as typed


def test_feeds_refuse_filters_they_cannot_apply(client, world):
    for url in ("/appels/flux.atom?territoire=Zzyzx", "/appels/echeances.ics?avant=demain"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "Filtres invalides" in response.content.decode()


def _calendar(client, query: str = "") -> icalendar.Calendar:
    response = client.get(f"/appels/echeances.ics{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_calendar_has_one_event_per_deadline_with_its_date_and_url(client, world):
    calendar = _calendar(client)
    assert str(calendar["version"]) == "2.0" and "Appels" in str(calendar["prodid"])
    events = calendar.walk("VEVENT")
    # Lozère's call has no deadline: no event; the private, closed, expired and deleted calls neither.
    assert len(events) == 4
    by_url = {str(event["url"]): event for event in events}
    expected = {
        world.mende: world.today + timedelta(days=10),
        world.marvejols: world.today + timedelta(days=40),
        world.lyon: world.today + timedelta(days=5),
        world.rennes: world.today,
    }
    assert set(by_url) == {f"http://testserver/alliances/{a.pk}/" for a in expected}
    for alliance, deadline in expected.items():
        event = by_url[f"http://testserver/alliances/{alliance.pk}/"]
        start = event.decoded("dtstart")
        assert type(start) is date and start == deadline  # an all-day event on the deadline
        assert event.decoded("dtend") == deadline + timedelta(days=1)
        assert str(event["summary"]) == f"Date limite de l'appel à partenaires : {alliance.title}"
        assert f"/alliances/{alliance.pk}/rejoindre/?appel=1" in str(event["description"])
        assert str(event["uid"]).startswith(f"appel-{alliance.pk}-")
        assert event.decoded("dtstamp").tzinfo is not None
    assert len({str(event["uid"]) for event in events}) == 4
    assert not [e for e in events if any(never in str(e["summary"]) for never in NEVER)]


def test_calendar_follows_the_filters(client, world):
    events = _calendar(client, "?territoire=Lozère").walk("VEVENT")
    assert sorted(str(e["summary"]).split(" : ")[1] for e in events) == [
        "Emploi des jeunes à Mende",
        "Mobilité à Marvejols",
    ]
    assert _calendar(client, "?theme=handicap").walk("VEVENT") == []
