"""The audit trail: who did what security-relevant thing, when, from where."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.db import models

from alliances.core.models import AuditEntry


def client_ip(request) -> str | None:
    """The client's address as the trusted reverse proxy saw it (never the first X-Forwarded-For
    hop, which the client writes itself), or None when it is not a valid address."""
    if request is None:
        return None
    from alliances.core.ratelimit import client_ip as seen_address

    try:
        return str(ipaddress.ip_address(seen_address(request)))
    except ValueError:
        return None


def audit_log(
    *,
    action: str,
    actor=None,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
    request=None,
) -> AuditEntry:
    """Record one event. `action` is a dotted verb such as "compte.connexion" or "export.csv"."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=getattr(actor, "email", "") if actor else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        details=details or {},
        ip_address=client_ip(request),
    )
