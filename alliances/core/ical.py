"""iCalendar (RFC 5545) files, built with the `icalendar` library: the calendar every .ics of the platform
starts from (agenda, calls' deadlines, meetings of an alliance), in Paris time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

PARIS = ZoneInfo("Europe/Paris")


def paris_timezone() -> icalendar.Timezone:
    """Europe/Paris as the EU rule (last Sundays of March and October), valid for any date.

    `add_missing_timezones()` would list every change until 2038 under an English comment
    ("This timezone only works from 1970-01-01 to 2038-01-01") that calendar applications show.
    """
    zone = icalendar.Timezone()
    zone.add("tzid", "Europe/Paris")
    for component, start, offsets, name, month in (
        (icalendar.TimezoneDaylight(), datetime(1981, 3, 29, 2), ("+0100", "+0200"), "CEST", 3),
        (icalendar.TimezoneStandard(), datetime(1996, 10, 27, 3), ("+0200", "+0100"), "CET", 10),
    ):
        component.add("dtstart", start)
        component.add("tzoffsetfrom", timedelta(hours=int(offsets[0][:3])))
        component.add("tzoffsetto", timedelta(hours=int(offsets[1][:3])))
        component.add("tzname", name)
        component.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(component)
    return zone


def calendar_new(*, product: str, name: str = "", method: str = "") -> icalendar.Calendar:
    """An empty calendar with the Paris time zone.

    `product` names what produces it in PRODID (`Evenements`, `Appels`, `Reunions`): ASCII, no spaces.
    `name` is shown by calendar applications for a published feed; `method` is PUBLISH or REQUEST
    for a file sent by email (RFC 5546), empty for a feed.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//Alliances en territoire//{product}//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Europe/Paris")
    calendar.add_component(paris_timezone())
    return calendar


def calendar_bytes(events: Iterable[icalendar.Event], *, product: str, name: str = "", method: str = "") -> bytes:
    """Return an .ics file holding `events` (see `calendar_new` for the arguments)."""
    calendar = calendar_new(product=product, name=name, method=method)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()
