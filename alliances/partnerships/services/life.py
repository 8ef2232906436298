"""Alliance life by email: meeting invitations (.ics) and minutes, reminders of actions, meetings
and indicator measurements (rules in docs/partnerships.md, « La vie de l'alliance »).

Invitations and minutes follow a member's write (services/items.py); reminders are sent by the
daily periodic job (partnerships/periodic.py). Every email goes through the outbox
(`alliances.core.emails.email_send`), queued in the same transaction as what it records.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

import icalendar
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from alliances.core.emails import email_send
from alliances.core.ical import PARIS, calendar_bytes
from alliances.partnerships.enums import FREQUENCY_MONTHS, ActionStatus, MemberRole, ReminderKind
from alliances.partnerships.models import ActionItem, Alliance, Indicator, Meeting, Membership, ReminderSent

if TYPE_CHECKING:
    from alliances.accounts.models import User

MEETING_DURATION = timedelta(hours=2)
# A reminder's key: (user id, occurrence, object id).
Key = tuple[int, str, int]
_T = TypeVar("_T")
DUE_SOON = timedelta(days=7)


def _context(**extra) -> dict:
    return {"operator": settings.ALLIANCES_OPERATOR, "site_url": settings.ALLIANCES_SITE_URL, **extra}


def _members(alliance: Alliance) -> list[User]:
    memberships = Membership.objects.filter(alliance=alliance, user__is_active=True).select_related("user")
    return [m.user for m in memberships if m.user.email]


# --- meetings: invitation with its .ics, minutes once written ---------------------------------


def meeting_ics(meeting: Meeting) -> bytes:
    """The meeting as an iCalendar file; its UID stays and its SEQUENCE grows with each change."""
    alliance = meeting.alliance
    event = icalendar.Event()
    event.add("uid", f"reunion-{meeting.pk}@alliances-en-territoire")
    event.add("sequence", meeting.version - 1)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.date.astimezone(PARIS))
    event.add("dtend", (meeting.date + MEETING_DURATION).astimezone(PARIS))
    event.add("summary", meeting.title)
    if meeting.place:
        event.add("location", meeting.place)
    url = settings.ALLIANCES_SITE_URL + alliance.get_absolute_url()
    description = f"Réunion de l'alliance « {alliance.title} »."
    if meeting.agenda:
        description += f"\n\nOrdre du jour :\n{meeting.agenda}"
    event.add("description", f"{description}\n\n{url}")
    event.add("url", url)
    return calendar_bytes([event], product="Reunions", method="PUBLISH")


def meeting_invite(*, meeting: Meeting, update: bool = False) -> int:
    """Email every member the meeting with its .ics (each their own message); return how many."""
    alliance = meeting.alliance
    attachment = ("reunion.ics", meeting_ics(meeting), "text/calendar")
    verb = "Réunion modifiée" if update else "Invitation à une réunion"
    subject = f"{verb} : {meeting.title} ({timezone.localtime(meeting.date):%d/%m/%Y}) — {alliance.title}"
    body = render_to_string(
        "partnerships/emails/meeting_invitation.txt", _context(meeting=meeting, alliance=alliance, update=update)
    )
    members = _members(alliance)
    for user in members:
        email_send(subject=subject, body=body, to=[user.email], attachments=[attachment])
    return len(members)


def meeting_minutes_send(*, meeting: Meeting) -> int:
    """Email the minutes to every member the first time they are written; return how many."""
    if not meeting.minutes.strip() or meeting.minutes_sent_at is not None:
        return 0
    alliance = meeting.alliance
    Meeting.objects.filter(pk=meeting.pk).update(minutes_sent_at=timezone.now())
    subject = f"Compte rendu : {meeting.title} — {alliance.title}"
    body = render_to_string("partnerships/emails/meeting_minutes.txt", _context(meeting=meeting, alliance=alliance))
    members = _members(alliance)
    for user in members:
        email_send(subject=subject, body=body, to=[user.email])
    return len(members)


def meeting_after_write(*, meeting: Meeting, created: bool, changed: dict | None = None) -> None:
    """What a member's write of a meeting sends: invitation, update (date or place), minutes."""
    changed = changed or {}
    if created:
        meeting_invite(meeting=meeting)
    elif {"date et heure", "lieu"} & changed.keys() and meeting.date > timezone.now():
        meeting_invite(meeting=meeting, update=True)
    meeting_minutes_send(meeting=meeting)


# --- reminders (daily job): each sent once per person, thing and occurrence --------------------


def _not_sent(kind: str, wanted: dict[Key, _T]) -> dict[Key, _T]:
    """Keep the (user, occurrence, object) keys with no ReminderSent row yet."""
    if not wanted:
        return {}
    object_ids = {key[2] for key in wanted}
    sent = set(
        ReminderSent.objects.filter(kind=kind, object_id__in=object_ids).values_list(
            "user_id", "occurrence", "object_id"
        )
    )
    return {key: value for key, value in wanted.items() if key not in sent}


def _send_grouped(kind_of: dict, template: str, subject: str, users: dict[int, User], items: dict) -> int:
    """One email per person listing their items; the ReminderSent rows go with the queued email."""
    by_user: dict[int, list] = defaultdict(list)
    for (user_id, occurrence, object_id), item in items.items():
        by_user[user_id].append((occurrence, object_id, item))
    for user_id, entries in by_user.items():
        user = users[user_id]
        with transaction.atomic():
            ReminderSent.objects.bulk_create(
                [
                    ReminderSent(kind=kind_of[object_id], user=user, object_id=object_id, occurrence=occurrence)
                    for occurrence, object_id, _ in entries
                ],
                ignore_conflicts=True,
            )
            body = render_to_string(template, _context(user=user, items=[item for _, _, item in entries]))
            email_send(subject=subject, body=body, to=[user.email])
    return len(by_user)


def _alliance_people(alliance_ids: set[int]) -> tuple[dict[int, list[User]], dict[int, dict[str, User]], dict]:
    """Pilotes per alliance, members per alliance by lower-cased name and email, users by id."""
    pilots: dict[int, list[User]] = defaultdict(list)
    named: dict[int, dict[str, User]] = defaultdict(dict)
    users = {}
    for membership in Membership.objects.filter(alliance_id__in=alliance_ids).select_related("user"):
        user = membership.user
        if not user.email or not user.is_active:
            continue
        users[user.pk] = user
        if membership.role == MemberRole.PILOT:
            pilots[membership.alliance_id].append(user)
        for name in (user.display_name, user.email):
            if name.strip():
                named[membership.alliance_id][name.strip().lower()] = user
    return pilots, named, users


def action_reminders_send(*, today: date | None = None) -> int:
    """Remind each person of their actions due within 7 days and of their late ones, in one email.

    The owner is the member whose name (or address) is written as the action's « responsable »;
    an action without such an owner reminds the alliance's pilotes.
    """
    today = today or timezone.localdate()
    actions = list(
        ActionItem.objects.filter(
            status__in=[ActionStatus.TODO, ActionStatus.DOING],
            due_date__lte=today + DUE_SOON,
            alliance__deleted_at__isnull=True,
            alliance__is_demo=False,
        ).select_related("alliance")
    )
    pilots, named, users = _alliance_people({a.alliance_id for a in actions})
    wanted: dict[str, dict[Key, ActionItem]] = {ReminderKind.ACTION_LATE: {}, ReminderKind.ACTION_DUE_SOON: {}}
    for action in actions:
        due = action.due_date
        if due is None:  # excluded by the query; said for the type checker
            continue
        owner = named[action.alliance_id].get(action.owner.strip().lower())
        kind = ReminderKind.ACTION_LATE if due < today else ReminderKind.ACTION_DUE_SOON
        for user in [owner] if owner else pilots[action.alliance_id]:
            wanted[kind][(user.pk, due.isoformat(), action.pk)] = action
    items: dict[Key, ActionItem] = {}
    kind_of: dict[int, str] = {}
    for reminder_kind, keyed in wanted.items():
        for key, item in _not_sent(reminder_kind, keyed).items():
            items[key] = item
            kind_of[item.pk] = reminder_kind
    return _send_grouped(kind_of, "partnerships/emails/reminder_actions.txt", "Vos actions à suivre", users, items)


def meeting_reminders_send(*, today: date | None = None) -> int:
    """Remind every member of the meetings of tomorrow (local date), once per meeting and date."""
    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.combine(today + timedelta(days=1), datetime.min.time()))
    meetings = list(
        Meeting.objects.filter(
            date__gte=start,
            date__lt=start + timedelta(days=1),
            alliance__deleted_at__isnull=True,
            alliance__is_demo=False,
        ).select_related("alliance")
    )
    _, _, users = _alliance_people({m.alliance_id for m in meetings})
    members = defaultdict(list)
    for user_id, alliance_id in Membership.objects.filter(
        alliance_id__in={m.alliance_id for m in meetings}
    ).values_list("user_id", "alliance_id"):
        if user_id in users:
            members[alliance_id].append(users[user_id])
    sent = 0
    for meeting in meetings:
        wanted = {(u.pk, meeting.date.isoformat(), meeting.pk): meeting for u in members[meeting.alliance_id]}
        items = _not_sent(ReminderKind.MEETING_EVE, wanted)
        subject = f"Rappel : réunion demain, {meeting.title} — {meeting.alliance.title}"
        kind_of = {meeting.pk: ReminderKind.MEETING_EVE}
        sent += _send_grouped(kind_of, "partnerships/emails/reminder_meeting.txt", subject, users, items)
    return sent


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def measurement_due_date(indicator: Indicator, last: date | None) -> date | None:
    """When the next measurement is due: one period after the last (or after the indicator's creation)."""
    months = FREQUENCY_MONTHS.get(indicator.frequency)
    if not months:
        return None
    return _add_months(last or timezone.localdate(indicator.created_at), months)


def measurement_reminders_send(*, today: date | None = None) -> int:
    """Remind the pilotes of the indicators whose measurement is due, once per indicator and due date."""
    today = today or timezone.localdate()
    indicators = list(
        Indicator.objects.exclude(frequency="")
        .filter(alliance__deleted_at__isnull=True, alliance__is_demo=False)
        .annotate(last=Max("measurements__date"))
        .select_related("alliance")
    )
    pilots, _, users = _alliance_people({i.alliance_id for i in indicators})
    wanted = {}
    for indicator in indicators:
        due = measurement_due_date(indicator, indicator.last)  # type: ignore[attr-defined]
        if due is None or due > today:
            continue
        indicator.due = due  # type: ignore[attr-defined]
        for user in pilots[indicator.alliance_id]:
            wanted[(user.pk, due.isoformat(), indicator.pk)] = indicator
    items = _not_sent(ReminderKind.MEASUREMENT_DUE, wanted)
    kind_of = {key[2]: ReminderKind.MEASUREMENT_DUE for key in items}
    subject = "Mesures d'indicateurs attendues"
    return _send_grouped(kind_of, "partnerships/emails/reminder_measurements.txt", subject, users, items)
