"""Account emails (django-allauth) signed with the operator's site name, not the server's host."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils.encoding import force_str

from alliances.core.emails import email_send


@dataclass(frozen=True)
class OperatorSite:
    """What allauth's templates read as `current_site`: « Bonjour, c'est Alliances en territoire ! »."""

    name: str
    domain: str


def operator_site(request: Any) -> OperatorSite:
    domain = get_current_site(request).domain if request is not None else ""
    return OperatorSite(name=settings.ALLIANCES_OPERATOR["name"], domain=domain)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from allauth.core import context as allauth_context

        # Without django.contrib.sites, allauth names the site after the request's host ("127.0.0.1:8000").
        context = {"current_site": operator_site(allauth_context.request), **context}
        # allauth renders the message from its templates; core.emails sends it, like every email.
        message = self.render_mail(template_prefix, email, context)
        email_send(subject=message.subject, body=message.body, to=message.to)

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.ALLIANCES_OPERATOR['name']}] {force_str(subject)}"
