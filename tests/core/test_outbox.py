"""The outbox (issue 23, point 7): every email is queued, then sent by the worker, retried with a
growing delay when the mail server fails, logged and listed for administrators."""

from __future__ import annotations

import email
import logging
import socket
from datetime import timedelta
from email import policy

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from alliances.core.emails import MAX_ATTEMPTS, RETRY_DELAYS, email_build, email_deliver, email_send
from alliances.partnerships.models import Invitation, JoinRequest
from tests.conftest import make_user
from tests.core.smtp_server import SmtpServer
from tests.partnerships.factories import AllianceFactory, MembershipFactory
from tests.practices.factories import UserFactory

pytestmark = pytest.mark.django_db

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
UNSUBSCRIBE = {
    "List-Unsubscribe": "<https://alliances.example/alertes/desabonner/abc/>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
}


def _email_rows():
    return DBTaskResult.objects.filter(task_path=email_deliver.module_path).order_by("enqueued_at")


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_down(settings):
    """Django's SMTP backend, aimed at a port where nothing listens: every send fails."""
    _smtp_at(settings, _unused_port())
    settings.EMAIL_TIMEOUT = 2


def _make_retries_due() -> None:
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now() - timedelta(seconds=1))


def test_email_send_only_queues_and_the_worker_sends(task_worker):
    assert email_send(subject="Bonjour", body="Corps", to=["a@example.org"], headers=UNSUBSCRIBE) == 1
    assert mail.outbox == []
    assert _email_rows().get().status == TaskResultStatus.READY

    task_worker()

    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert _email_rows().get().status == TaskResultStatus.SUCCESSFUL


def test_nothing_is_queued_when_the_action_rolls_back(task_worker):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        email_send(subject="Bonjour", body="Corps", to=["a@example.org"])
        raise RuntimeError
    task_worker()
    assert not _email_rows().exists() and mail.outbox == []


def test_no_recipient_queues_nothing(task_worker):
    assert email_send(subject="Bonjour", body="Corps", to=[]) == 0
    assert not _email_rows().exists()


def test_headers_reserved_to_the_builder_are_refused():
    with pytest.raises(ValueError, match="Bcc"):
        email_build(subject="s", body="b", to=["a@example.org"], headers={"Bcc": "x@example.org"})
    message = email_build(subject="s", body="b", to=["a@example.org"], headers={"X-Tag": "un\nseul"})
    assert message.message()["X-Tag"] == "un seul"


def test_through_the_smtp_backend_to_a_local_server(task_worker, settings):
    """A real Django SMTP backend, a real (local, in-process) SMTP server, the real worker."""
    with SmtpServer() as server:
        _smtp_at(settings, server.port)
        email_send(
            subject="Réunion\nde lancement",
            body="Bonjour, à mardi.",
            to=["asso@example.org"],
            attachments=[("reunion.ics", ICS, "text/calendar")],
            headers=UNSUBSCRIBE,
        )
        task_worker()
        assert len(server.messages) == 1
    received = email.message_from_bytes(server.messages[0], policy=policy.default)
    assert received["Subject"] == "Réunion de lancement"
    assert received["To"] == "asso@example.org"
    assert received["List-Unsubscribe"] == UNSUBSCRIBE["List-Unsubscribe"]
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    (attachment,) = list(received.iter_attachments())
    assert attachment.get_filename() == "reunion.ics"
    assert b"BEGIN:VCALENDAR" in attachment.get_payload(decode=True)


def _smtp_at(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""


def test_a_refused_address_is_retried_and_never_written_in_the_logs(task_worker, settings, caplog):
    caplog.set_level(logging.WARNING, logger="alliances.emails")
    with SmtpServer(refuse_recipients=True) as server:
        _smtp_at(settings, server.port)
        email_send(subject="Invitation", body="Corps", to=["inconnu@example.org"])
        task_worker()
    assert [r.status for r in _email_rows()] == [TaskResultStatus.FAILED, TaskResultStatus.READY]
    logged = " ".join(r.getMessage() for r in caplog.records if r.name == "alliances.emails")
    assert "SMTPRecipientsRefused (codes 550)" in logged
    assert "inconnu@example.org" not in logged


def test_a_failed_send_is_retried_later_then_abandoned(task_worker, smtp_down, caplog):
    email_send(subject="Invitation", body="Corps", to=["asso@example.org"])
    caplog.set_level(logging.WARNING, logger="alliances.emails")

    before = timezone.now()
    task_worker()
    first, retry = _email_rows()
    assert first.status == TaskResultStatus.FAILED and "EmailNotSent" in first.exception_class_path
    assert retry.status == TaskResultStatus.READY and retry.args_kwargs["kwargs"]["attempt"] == 2
    assert before + RETRY_DELAYS[0] <= retry.run_after <= timezone.now() + RETRY_DELAYS[0]
    logged = " ".join(r.getMessage() for r in caplog.records if r.name == "alliances.emails")
    assert "tentative 1 sur 6" in logged and "asso@example.org" not in logged

    task_worker()  # not yet due: nothing happens
    assert _email_rows().count() == 2

    for _ in range(MAX_ATTEMPTS - 1):
        _make_retries_due()
        task_worker()
    rows = list(_email_rows())
    assert len(rows) == MAX_ATTEMPTS and all(r.status == TaskResultStatus.FAILED for r in rows)
    assert [r.args_kwargs["kwargs"]["attempt"] for r in rows] == list(range(1, MAX_ATTEMPTS + 1))
    assert any(r.levelname == "ERROR" and "abandonné après 6 tentatives" in r.getMessage() for r in caplog.records)
    assert mail.outbox == []


def test_administrators_see_the_failed_emails(task_worker, smtp_down, client):
    email_send(subject="Invitation à l'alliance", body="Corps", to=["asso@example.org"])
    task_worker()
    admin = make_user("admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:core_emailattempt_changelist")).content.decode()
    assert "Invitation à l&#x27;alliance" in page
    assert "asso@example.org" in page
    assert "1 sur 6" in page and "nouvelle tentative prévue" in page
    assert "EmailNotSent: tentative 1 sur 6 : ConnectionRefusedError" in page
    abandoned = client.get(reverse("admin:core_emailattempt_changelist") + "?abandonne=oui").content.decode()
    assert "asso@example.org" not in abandoned


BROKEN = "Jardins partagés\r\nBcc: victime@example.org\n\x0bsuite"


def test_invitation_with_a_title_on_two_lines_and_the_mail_server_down(
    client, task_worker, smtp_down, django_capture_on_commit_callbacks
):
    """Issue 23: the invitation was saved, then the request answered 500. Now the request ends
    well, and the worker's failed attempt is recorded for a retry."""
    alliance = AllianceFactory(title=BROKEN)
    client.force_login(MembershipFactory(alliance=alliance, role="pilote").user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partnerships:members", args=[alliance.pk]),
            {
                "email": "asso@example.org",
                "organisation_name": "Association Lozère Solidaire",
                "organisation_name_type": "association",
                "role": "partenaire",
            },
        )
    assert response.status_code == 302
    assert Invitation.objects.filter(alliance=alliance, email="asso@example.org").count() == 1
    task_worker()
    first, retry = _email_rows()
    assert first.status == TaskResultStatus.FAILED and retry.status == TaskResultStatus.READY
    assert "Jardins partagés Bcc: victime@example.org suite" in first.args_kwargs["kwargs"]["message"]["subject"]


def test_join_request_with_a_title_on_two_lines_and_the_mail_server_down(
    client, task_worker, smtp_down, django_capture_on_commit_callbacks
):
    alliance = AllianceFactory(title=BROKEN, visibility="inscrits")
    MembershipFactory(alliance=alliance, role="pilote")
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partnerships:join", args=[alliance.pk]),
            {"organisation_name": "SARL Bois de Lozère", "organisation_name_type": "entreprise"},
        )
    assert response.status_code == 302
    assert JoinRequest.objects.filter(alliance=alliance).count() == 1
    task_worker()
    assert [r.status for r in _email_rows()] == [TaskResultStatus.FAILED, TaskResultStatus.READY]
