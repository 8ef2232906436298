"""Every email the platform sends goes through here: built with safe headers, sent by the task worker.

A subject is one line: a title typed with a line break (or pasted with a vertical tab, a
Unicode line separator…) would make Django refuse the header (`BadHeaderError`), or let a value
add headers of its own. `email_build` folds every subject to a single line.

`email_send` never talks to the mail server: it writes the message into the task queue
(django-tasks, database backend), in the caller's transaction — the queue is the outbox: the worker
sees the email once the action is committed, and a rolled-back action sends nothing. The worker
(`alliances run_worker`) sends it; a failure is logged on `alliances.emails` and retried later, with
a growing delay (`RETRY_DELAYS`), up to `MAX_ATTEMPTS` attempts; each failed attempt stays in the
task table, listed for administrators in the admin (« Courriels en échec »).
"""

from __future__ import annotations

import base64
import logging
import re
import smtplib
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger("alliances.emails")

# Longer subjects are cut: mail clients show about 80 characters, and no header line grows unbounded.
SUBJECT_MAX_LENGTH = 200
_SPACES = re.compile(r"\s+")
# Delay before attempt n+1 after attempt n failed: 1 min, 5 min, 25 min, 2 h 05, 10 h 25 (about 13 h
# in all), long enough for a mail server's maintenance or a full mailbox to pass.
RETRY_DELAYS = tuple(timedelta(minutes=5**n) for n in range(5))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# Emails go before the long jobs (observatory refresh, digests) waiting in the same queue.
EMAIL_PRIORITY = 10
# Headers a caller may set: the others (From, To, Subject…) are the builder's.
_FORBIDDEN_HEADERS = {"from", "to", "cc", "bcc", "subject", "reply-to", "sender", "content-type"}

Attachment = tuple[str, str | bytes, str]


class EmailNotSent(Exception):
    """One delivery attempt failed (the mail server's error is its cause)."""


def one_line(text: str) -> str:
    """Return `text` on one line: line breaks and control characters become spaces, runs of spaces one."""
    cleaned = "".join(" " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in str(text))
    return _SPACES.sub(" ", cleaned).strip()


def _address(value: str) -> str:
    # Addresses come from validated fields; a line break left in one would still split a header.
    return one_line(value).replace(" ", "")


def _headers(headers: Mapping[str, str]) -> dict[str, str]:
    clean = {one_line(name).replace(" ", "-"): one_line(value) for name, value in headers.items()}
    refused = [name for name in clean if name.lower() in _FORBIDDEN_HEADERS or not name]
    if refused:
        raise ValueError(f"En-têtes réservés au constructeur des courriels : {', '.join(refused)}")
    return clean


def email_build(
    *,
    subject: str,
    body: str,
    to: Sequence[str],
    reply_to: Sequence[str] = (),
    attachments: Sequence[Attachment] = (),
    headers: Mapping[str, str] | None = None,
) -> EmailMessage:
    """Return the message with a one-line subject, clean addresses and headers (sender: DEFAULT_FROM_EMAIL)."""
    subject = one_line(subject)
    if len(subject) > SUBJECT_MAX_LENGTH:
        subject = subject[: SUBJECT_MAX_LENGTH - 1].rstrip() + "…"
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[_address(a) for a in to],
        reply_to=[_address(a) for a in reply_to],
        headers=_headers(headers or {}),
    )
    for filename, content, mimetype in attachments:
        message.attach(one_line(filename), content, mimetype)
    return message


# --- the outbox: a message as task arguments (JSON), and the task that sends it -------------


def _payload(message: EmailMessage) -> dict[str, Any]:
    """The message as JSON-safe data (binary attachments in base64)."""
    attachments = []
    for filename, content, mimetype in message.attachments:  # type: ignore[misc]
        if isinstance(content, bytes):
            attachments.append([filename, base64.b64encode(content).decode("ascii"), mimetype, "base64"])
        else:
            attachments.append([filename, content, mimetype, "text"])
    return {
        "subject": message.subject,
        "body": message.body,
        "to": list(message.to),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "attachments": attachments,
    }


def _message(payload: Mapping[str, Any]) -> EmailMessage:
    attachments: list[Attachment] = [
        (name, base64.b64decode(content) if encoding == "base64" else content, mimetype)
        for name, content, mimetype, encoding in payload.get("attachments", [])
    ]
    return email_build(
        subject=payload["subject"],
        body=payload["body"],
        to=payload["to"],
        reply_to=payload.get("reply_to", []),
        attachments=attachments,
        headers=payload.get("headers") or {},
    )


def _error_label(error: Exception) -> str:
    """The error for the logs, without the recipients' addresses (a refusal names them)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in error.recipients.values()})
        return f"SMTPRecipientsRefused (codes {', '.join(map(str, codes))})"
    return f"{type(error).__name__}: {error}"


@task(priority=EMAIL_PRIORITY)
def email_deliver(*, message: dict[str, Any], attempt: int = 1) -> int:
    """Send one queued message (run by the worker); on failure, enqueue the next attempt and fail."""
    email = _message(message)
    try:
        return email.send()
    except Exception as error:
        summary = f"« {email.subject} » à {len(email.to)} destinataire(s)"
        if attempt < MAX_ATTEMPTS and email_deliver.get_backend().supports_defer:
            retry_at = timezone.now() + RETRY_DELAYS[attempt - 1]
            email_deliver.using(run_after=retry_at).enqueue(message=message, attempt=attempt + 1)
            logger.warning(
                "Courriel non envoyé (tentative %d sur %d) : %s ; nouvel essai à %s : %s",
                attempt,
                MAX_ATTEMPTS,
                summary,
                timezone.localtime(retry_at).strftime("%H:%M"),
                _error_label(error),
            )
        else:
            logger.error("Courriel abandonné après %d tentatives : %s : %s", attempt, summary, _error_label(error))
        raise EmailNotSent(f"tentative {attempt} sur {MAX_ATTEMPTS} : {error!r}") from error


def email_send(
    *,
    subject: str,
    body: str,
    to: Sequence[str],
    reply_to: Sequence[str] = (),
    attachments: Sequence[Attachment] = (),
    headers: Mapping[str, str] | None = None,
) -> int:
    """Queue one message for the worker; return how many were queued (0 when there is no recipient).

    Called inside a transaction, the message is queued with it (nothing is queued if it rolls back).
    Never raises because of the mail server: it is not contacted here.
    """
    if not to:
        return 0
    message = email_build(
        subject=subject, body=body, to=to, reply_to=reply_to, attachments=attachments, headers=headers
    )
    email_deliver.enqueue(message=_payload(message), attempt=1)
    return 1
