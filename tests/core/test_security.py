"""Web hardening: headers, production settings, audit trail, sign-in throttling."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from alliances.core.models import AuditEntry

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_strict_content_security_policy_on_pages(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_inline_script_in_pages(client):
    for url in ["/", "/territoires/commune/48095/", "/compte/login/", "/compte/signup/"]:
        html = client.get(url).content.decode()
        for chunk in html.split("<script")[1:]:
            assert chunk.lstrip().startswith("src=") or 'type="application/json"' in chunk.split(">")[0], url


def test_api_docs_are_served_offline(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_production_settings_pass_the_deploy_check(tmp_path):
    from tests.core.test_deploy_checks import production_check

    result = production_check("x" * 20 + "production-secret-key-for-the-check-0123456789", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_the_development_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_production"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_sign_in_and_failures_are_audited_and_throttled(client, user):
    for _ in range(5):
        client.post("/compte/login/", {"login": user.email, "password": "mauvais"})
    assert AuditEntry.objects.filter(action="compte.echec_connexion").count() >= 5
    response = client.post("/compte/login/", {"login": user.email, "password": "motdepasse-solide-42"})
    html = response.content.decode()
    assert response.status_code in (200, 429)
    assert "trop" in html.lower() or "Trop" in html
    client.logout()


def test_successful_sign_in_is_audited(client, user):
    client.post("/compte/login/", {"login": user.email, "password": "motdepasse-solide-42"})
    entry = AuditEntry.objects.get(action="compte.connexion")
    assert entry.actor == user and entry.ip_address == "127.0.0.1"


def test_role_change_is_audited(user):
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name="moderateur"))
    entry = AuditEntry.objects.get(action="droits.add")
    assert entry.details == {"groupes": ["moderateur"]}
