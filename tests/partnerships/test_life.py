"""Alliance life by email (issue 23, point 5), through the real worker: meeting invitations with
their .ics, minutes, reminders of actions, meetings and measurements — each reminder sent once."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from alliances.core.ical import PARIS
from alliances.partnerships import services
from alliances.partnerships.models import ActionItem, Alliance, Indicator, Meeting, ReminderSent
from alliances.partnerships.services.life import measurement_due_date
from tests.partnerships.factories import AllianceFactory, IndicatorFactory, MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance():
    alliance = AllianceFactory(title="Emploi des jeunes en Lozère")
    MembershipFactory(alliance=alliance, role="pilote", user__email="pilote@example.org", user__display_name="Anne")
    MembershipFactory(alliance=alliance, user__email="asso@example.org", user__display_name="Bruno Martin")
    return alliance


def _pilot(alliance):
    return alliance.memberships.get(role="pilote").user


@pytest.fixture
def reminders_job(monkeypatch):
    """Only the reminders job in the worker's calendar (not the nightly refresh and purges)."""
    from alliances.core import periodic

    job = periodic.periodic_jobs()["partnerships_send_reminders"]
    monkeypatch.setattr(periodic, "_REGISTRY", {job.name: job})


def _daily_job(task_worker, day):
    """The daily reminders job, started by the worker's calendar at 8:05 on `day`."""
    task_worker(now=datetime.combine(day, time(8, 5), tzinfo=PARIS))


def _recipients():
    return sorted(address for message in mail.outbox for address in message.to)


# --- meetings ---------------------------------------------------------------------------------


def test_members_are_invited_to_a_new_meeting_with_an_ics_that_carries_it(alliance, task_worker):
    start = timezone.make_aware(datetime(2027, 3, 9, 14, 30), PARIS)
    services.item_create(
        alliance=alliance,
        model=Meeting,
        data={"title": "Comité de pilotage", "date": start, "place": "Mairie de Mende, salle du conseil"},
        by=_pilot(alliance),
    )
    assert mail.outbox == []  # queued, not sent by the request
    task_worker()

    assert _recipients() == ["asso@example.org", "pilote@example.org"]
    message = mail.outbox[0]
    assert message.subject == "Invitation à une réunion : Comité de pilotage (09/03/2027) — Emploi des jeunes en Lozère"
    assert "mardi 9 mars 2027 à 14:30" in message.body
    (name, content, mimetype) = message.attachments[0]
    assert (name, mimetype) == ("reunion.ics", "text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Comité de pilotage"
    assert event.decoded("dtstart") == start
    assert str(event["location"]) == "Mairie de Mende, salle du conseil"
    assert "Emploi des jeunes en Lozère" in str(event["description"])


def test_a_new_date_sends_an_update_and_the_minutes_go_once(alliance, task_worker):
    pilot = _pilot(alliance)
    meeting = MeetingFactory(alliance=alliance, date=timezone.now() + timedelta(days=10))
    meeting = services.item_update(
        item=meeting,
        by=pilot,
        data={"date": meeting.date + timedelta(days=1), "place": meeting.place},
        expected_version=meeting.version,
    )
    task_worker()
    assert {m.subject.split(" :")[0] for m in mail.outbox} == {"Réunion modifiée"}
    (event,) = icalendar.Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")
    assert event["sequence"] == 1

    mail.outbox.clear()
    meeting = services.item_update(
        item=meeting, by=pilot, data={"minutes": "Nous avons choisi trois actions."}, expected_version=meeting.version
    )
    task_worker()
    assert _recipients() == ["asso@example.org", "pilote@example.org"]
    assert mail.outbox[0].subject.startswith("Compte rendu : ")
    assert "Nous avons choisi trois actions." in mail.outbox[0].body

    mail.outbox.clear()
    services.item_update(item=meeting, by=pilot, data={"minutes": "Corrigé."}, expected_version=meeting.version)
    task_worker()
    assert mail.outbox == []


def test_members_are_reminded_the_day_before_a_meeting_once(alliance, task_worker, reminders_job):
    today = timezone.localdate()
    tomorrow = timezone.make_aware(datetime.combine(today + timedelta(days=1), time(18, 0)))
    MeetingFactory(alliance=alliance, title="Bilan d'étape", date=tomorrow)
    MeetingFactory(alliance=alliance, title="Plus tard", date=tomorrow + timedelta(days=2))

    _daily_job(task_worker, today)
    assert _recipients() == ["asso@example.org", "pilote@example.org"]
    assert all("Rappel : réunion demain, Bilan d'étape" in m.subject for m in mail.outbox)

    from alliances.partnerships.services.life import meeting_reminders_send

    assert meeting_reminders_send(today=today) == 0  # the job run again the same day says nothing twice


# --- actions ----------------------------------------------------------------------------------


def _action(alliance, title, days, owner="", status="a_faire"):
    return ActionItem.objects.create(
        alliance=alliance, title=title, owner=owner, due_date=timezone.localdate() + timedelta(days=days), status=status
    )


def test_owners_get_one_email_listing_their_due_and_late_actions_never_twice(alliance, task_worker, reminders_job):
    _action(alliance, "Réserver la salle", 3, owner="Bruno Martin")
    _action(alliance, "Envoyer le bilan", -2, owner="bruno martin")
    _action(alliance, "Relancer la région", 5)  # nobody named: the pilotes
    _action(alliance, "Plus tard", 30, owner="Bruno Martin")
    _action(alliance, "Déjà faite", -1, owner="Bruno Martin", status="fait")

    _daily_job(task_worker, timezone.localdate())

    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["asso@example.org", "pilote@example.org"]
    bruno = by_address["asso@example.org"].body
    assert "Réserver la salle" in bruno and "Envoyer le bilan" in bruno and "en retard" in bruno
    assert "Plus tard" not in bruno and "Déjà faite" not in bruno and "Relancer la région" not in bruno
    assert "Relancer la région" in by_address["pilote@example.org"].body
    assert ReminderSent.objects.count() == 3

    from alliances.partnerships.services.life import action_reminders_send

    assert action_reminders_send() == 0


def test_a_new_due_date_is_a_new_reminder(alliance):
    from alliances.partnerships.services.life import action_reminders_send

    action = _action(alliance, "Réserver la salle", 2, owner="Anne")
    assert action_reminders_send() == 1
    ActionItem.objects.filter(pk=action.pk).update(due_date=action.due_date + timedelta(days=3))
    assert action_reminders_send() == 1
    assert action_reminders_send() == 0


def test_demo_and_deleted_alliances_remind_nobody(alliance):
    from alliances.partnerships.services.life import action_reminders_send

    _action(alliance, "Réserver la salle", 2, owner="Anne")
    other = AllianceFactory()
    MembershipFactory(alliance=other, role="pilote")
    _action(other, "Réserver la salle", 2)
    Alliance.objects.filter(pk=alliance.pk).update(is_demo=True)
    Alliance.objects.filter(pk=other.pk).update(deleted_at=timezone.now())
    assert action_reminders_send() == 0


# --- indicator measurements -------------------------------------------------------------------


def test_pilotes_are_reminded_of_the_measurements_due_by_frequency(alliance, task_worker):
    from alliances.partnerships.services.life import measurement_reminders_send

    today = timezone.localdate()
    quarterly = IndicatorFactory(alliance=alliance, name="Jeunes accompagnés", frequency="trimestrielle")
    quarterly.measurements.create(date=today - timedelta(days=100), value=Decimal(12), source="Mission locale")
    recent = IndicatorFactory(alliance=alliance, name="Emplois créés", frequency="annuelle")
    recent.measurements.create(date=today - timedelta(days=30), value=Decimal(3), source="Mairie")
    IndicatorFactory(alliance=alliance, name="Sans rappel")

    assert measurement_reminders_send() == 1
    task_worker()
    (message,) = mail.outbox
    assert message.to == ["pilote@example.org"]
    assert "Jeunes accompagnés" in message.body and "chaque trimestre" in message.body
    assert "Emplois créés" not in message.body and "Sans rappel" not in message.body
    assert measurement_reminders_send() == 0


def test_the_due_date_of_a_measurement():
    indicator = Indicator(frequency="mensuelle", created_at=timezone.now())
    assert measurement_due_date(indicator, datetime(2027, 1, 31).date()) == datetime(2027, 2, 28).date()
    assert measurement_due_date(Indicator(frequency="", created_at=timezone.now()), None) is None
