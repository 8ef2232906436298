"""Roles: administrators reach the Django admin; every change is audited."""

from io import StringIO

import pytest
from django.core.management import call_command

from alliances.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_administrator_role_opens_the_admin(client, user):
    client.force_login(user)
    assert client.get("/admin/").status_code == 302
    call_command("grant_role", user.email, "administrateur", stdout=StringIO())
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/core/auditentry/").status_code == 200
    assert AuditEntry.objects.filter(action="droits.role_accorde", target_id=str(user.pk)).exists()
    call_command("grant_role", user.email, "administrateur", "--remove", stdout=StringIO())
    assert client.get("/admin/").status_code == 302


def test_moderator_is_not_an_administrator(client, user):
    call_command("grant_role", user.email, "moderateur", stdout=StringIO())
    client.force_login(user)
    assert client.get("/admin/").status_code == 302
