"""Every email the platform sends is built here: one place where headers are made safe.

A subject is one line: a title typed with a line break (or pasted with a vertical tab, a
Unicode line separator…) would make Django refuse the header (`BadHeaderError`) after the data
was saved, or let a value add headers of its own. `email_build` folds every subject to a single
line, and `email_send` is a plain function (keyword arguments, no request) so that a background
task can call it as well as a service's `transaction.on_commit`.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping, Sequence

from django.core.mail import EmailMessage

logger = logging.getLogger(__name__)

# Longer subjects are cut: mail clients show about 80 characters, and no header line grows unbounded.
SUBJECT_MAX_LENGTH = 200
_SPACES = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Return `text` on one line: line breaks and control characters become spaces, runs of spaces one."""
    cleaned = "".join(" " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in str(text))
    return _SPACES.sub(" ", cleaned).strip()


def _address(value: str) -> str:
    # Addresses come from validated fields; a line break left in one would still split a header.
    return one_line(value).replace(" ", "")


def email_build(
    *,
    subject: str,
    body: str,
    to: Sequence[str],
    reply_to: Sequence[str] = (),
    attachments: Sequence[tuple[str, str | bytes, str]] = (),
    headers: Mapping[str, str] | None = None,
) -> EmailMessage:
    """Return the message with a one-line subject and clean addresses (sender: DEFAULT_FROM_EMAIL).

    `headers`: extra headers (List-Unsubscribe…), each value folded to one line as well.
    """
    subject = one_line(subject)
    if len(subject) > SUBJECT_MAX_LENGTH:
        subject = subject[: SUBJECT_MAX_LENGTH - 1].rstrip() + "…"
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[_address(a) for a in to],
        reply_to=[_address(a) for a in reply_to],
        headers={one_line(name): one_line(value) for name, value in (headers or {}).items()},
    )
    for filename, content, mimetype in attachments:
        message.attach(one_line(filename), content, mimetype)
    return message


def email_send(
    *,
    subject: str,
    body: str,
    to: Sequence[str],
    reply_to: Sequence[str] = (),
    attachments: Sequence[tuple[str, str | bytes, str]] = (),
    headers: Mapping[str, str] | None = None,
    fail_silently: bool = False,
) -> int:
    """Build and send one message; return how many were sent (0 when there is no recipient).

    With `fail_silently`, a delivery failure is logged (never hidden) and the caller goes on.
    """
    if not to:
        return 0
    message = email_build(
        subject=subject, body=body, to=to, reply_to=reply_to, attachments=attachments, headers=headers
    )
    try:
        return message.send()
    except Exception:
        if not fail_silently:
            raise
        logger.exception("Courriel non envoyé : « %s » à %d destinataire(s)", message.subject, len(message.to))
        return 0
