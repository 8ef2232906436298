"""Deployment mistakes caught before the site answers (issue 24, finding 14)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from alliances.core.checks import check_cache_tables

ROOT = Path(__file__).resolve().parents[2]


def production_check(secret_key: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """`check --deploy` under the production settings, on a database not migrated yet."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_production",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "alliances.exemple.fr",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'vide.sqlite3'}",
    }
    env.pop("DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    "secret_key",
    [
        "k7Qp2xZr9LmN4vB8sT1yW6cF3hJ0dG5aE2uI8oP4",  # 40 characters: check --deploy would warn (W009)
        "k7Qp2xZr9LmN4vB8sT1yW6cF3hJ0dG5aE2uI8oP4qR7tY1wX3",  # 49
        "abcd" * 13,  # 52 characters, 4 different
        "django-insecure-" + "k7Qp2xZr9LmN4vB8sT1yW6cF3hJ0dG5aE2uI8oP4",
    ],
)
def test_production_refuses_a_secret_key_that_django_finds_weak(secret_key, tmp_path):
    result = production_check(secret_key, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY doit être défini en production : 50 caractères au moins, dont 5 différents" in result.stderr


def test_a_key_of_fifty_varied_characters_passes_the_deploy_check(tmp_path):
    result = production_check("k7Qp2xZr9LmN4vB8sT1yW6cF3hJ0dG5aE2uI8oP4qR7tY1wX3m", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


DB_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache_absent"}}


@pytest.mark.django_db
def test_a_missing_cache_table_is_a_deploy_error_with_a_french_hint():
    assert "cache_absent" not in connection.introspection.table_names()
    with override_settings(CACHES=DB_CACHE):
        errors = check_cache_tables()
        assert [e.id for e in errors] == ["alliances.E001"]
        assert "cache_absent" in errors[0].msg and "erreur 500" in errors[0].msg
        assert "createcachetable" in errors[0].hint
        call_command("createcachetable", verbosity=0)
        assert check_cache_tables() == []


@pytest.mark.django_db
def test_the_check_is_silent_without_a_database_cache():
    assert check_cache_tables() == []  # the test settings use a local memory cache
