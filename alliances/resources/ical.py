"""iCalendar (RFC 5545) export of events, built with the `icalendar` library."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import timedelta

import icalendar
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from alliances.core.ical import PARIS, calendar_bytes

__all__ = ["PARIS", "calendar_for", "published_events_feed"]

DEFAULT_DURATION = timedelta(hours=2)


def _vevent(event, site_url: str) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", f"evenement-{event.pk}@alliances-en-territoire")
    vevent.add("dtstamp", timezone.now())
    # Local Paris time with its VTIMEZONE, so calendars show the right hour on both sides of
    # a daylight-saving change.
    vevent.add("dtstart", event.starts_at.astimezone(PARIS))
    vevent.add("dtend", (event.ends_at or event.starts_at + DEFAULT_DURATION).astimezone(PARIS))
    vevent.add("summary", event.title)
    description = f"{event.summary}\n\nOrganisé par {event.organiser}."
    if event.online_url:
        description += f"\n\nEn ligne : {event.online_url}"
    if event.replay_url and event.is_past:
        description += f"\n\nReplay : {event.replay_url}"
    vevent.add("description", description)
    vevent.add("location", event.place or event.online_url)
    vevent.add("url", f"{site_url}{event.get_absolute_url()}")
    vevent.add("last-modified", event.updated_at)
    return vevent


def calendar_for(events: Iterable, *, site_url: str, name: str = "Événements — Alliances en territoire") -> bytes:
    """Return an .ics file with one VEVENT per event."""
    return calendar_bytes((_vevent(event, site_url) for event in events), product="Evenements", name=name)


def published_events_feed(*, site_url: str) -> bytes:
    """The iCal feed of every published event, cached until one changes.

    Serialising 1,000 events with `icalendar` costs about a second on a small machine, and
    calendar applications poll the feed. The cache key names what the feed depends on: the
    number of events and their last change (a publication, an edit or a deletion changes one of
    them), the number of events already over (a past event shows its replay link) and the site.
    """
    from alliances.resources.models import Event

    now = timezone.now()
    state = Event.objects.annotate(end=Coalesce("ends_at", "starts_at")).aggregate(
        count=Count("id"), changed=Max("updated_at"), past=Count("id", filter=Q(end__lt=now))
    )
    changed = state["changed"].timestamp() if state["changed"] else 0
    site = hashlib.sha256(site_url.encode()).hexdigest()[:16]
    key = f"resources:ical:{site}:{state['count']}:{changed}:{state['past']}"
    content = cache.get(key)
    if content is None:
        content = calendar_for(Event.objects.published().order_by("starts_at"), site_url=site_url)
        cache.set(key, content, 24 * 3600)
    return content
