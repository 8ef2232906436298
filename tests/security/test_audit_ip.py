"""The audit trail records the client's address as the trusted proxy saw it: a client cannot
write an address of its choice (or garbage) in X-Forwarded-For."""

import pytest
from django.test import override_settings

from alliances.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _last_sign_in_failure(client, **headers):
    client.post("/compte/login/", {"login": "personne@exemple.fr", "password": "mauvais"}, **headers)
    return AuditEntry.objects.filter(action="compte.echec_connexion").latest("pk")


def test_a_forged_forwarded_address_is_not_recorded(client):
    entry = _last_sign_in_failure(client, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.66")
    assert entry.ip_address == "203.0.113.9"


def test_garbage_in_the_forwarded_header_does_not_break_sign_in(client):
    entry = _last_sign_in_failure(client, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="pas-une-adresse, <x>")
    assert entry.ip_address == "203.0.113.9"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_the_trusted_proxy_the_address_it_saw_is_recorded(client):
    entry = _last_sign_in_failure(client, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.66, 198.51.100.7")
    assert entry.ip_address == "198.51.100.7"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_an_invalid_address_from_the_proxy_is_recorded_as_unknown():
    from django.test import RequestFactory

    from alliances.core.audit import client_ip

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="pas-une-adresse")
    assert client_ip(request) is None
