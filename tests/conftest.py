"""Shared fixtures: the official referential is loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

# Browser fixtures (`browser`, `page`, `reference_data`) for every test module, one Playwright.
pytest_plugins = ["tests.browser.fixtures"]

# Beside the repository; ALLIANCES_SHARED_DATA points elsewhere (a git worktree, for one).
SHARED_DATA = Path(
    os.environ.get("ALLIANCES_SHARED_DATA") or Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the whole official referential into the test database, once."""
    with django_db_blocker.unblock():
        call_command("load_territories", verbosity=0)


def seed_reference_data(departements: tuple[str, ...] = ("48", "69", "42", "75", "35")) -> None:
    """What migrations and `load_territories` give, for tests whose database was flushed
    (transactional and browser tests)."""
    from django.contrib.auth.models import Group

    from alliances.accounts.enums import Role
    from alliances.sdg.goals import GOALS
    from alliances.sdg.models import Sdg

    for goal in GOALS:
        Sdg.objects.update_or_create(number=goal.number, defaults={"title": goal.title, "color": goal.color})
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    args = [arg for code in departements for arg in ("--departement", code)]
    call_command("load_territories", *args, "--force", verbosity=0)


@pytest.fixture
def shared_data() -> Path:
    """The real official files in ../shared/data/real (skip when absent, as on a user's clone)."""
    if not SHARED_DATA.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{SHARED_DATA} est absent en CI")
        pytest.skip("../shared/data/real absent : tests sur les fichiers officiels ignorés")
    return SHARED_DATA


def make_user(email: str, password: str = "motdepasse-solide-42", **fields):
    """A user whose address is confirmed, as after a completed sign-up."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(email=email, password=password, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def user(db):
    return make_user("alice@example.org")


@pytest.fixture(scope="session", autouse=True)
def _api_rates_for_tests():
    """Tests send many API requests from one address: no API rate limit unless a test sets one
    (tests/security/test_api_throttling.py)."""
    from django.test import override_settings

    with override_settings(ALLIANCES_API_RATES={"anon": None, "auth": None}):
        yield


@pytest.fixture(scope="session", autouse=True)
def _tasks_worked_at_once():
    """Every enqueued task is stored in the database queue and run at once (tests/tasks_backend.py)."""
    from django.test import override_settings

    with override_settings(TASKS={"default": {"BACKEND": "tests.tasks_backend.WorkedAtOnceBackend"}}):
        yield


@pytest.fixture
def task_worker(settings, monkeypatch):
    """The production queue (django_tasks_db.DatabaseBackend): tasks wait until the test runs the
    worker, `alliances run_worker --batch` (django_tasks_db's worker, then exits when none is ready).
    Returns that runner; `run(now=…)` also enqueues the periodic jobs due at `now` (without it, none:
    a test does not start the nightly refresh because it runs after 2 a.m.)."""
    from django_tasks_db.management.commands import db_worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker checks its database connection between tasks; inside the test's transaction that
    # check would close it (PostgreSQL), ending the test's transaction: not while testing.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run(*, now=None) -> str:
        from io import StringIO

        out = StringIO()
        args = ["--batch", f"--now={now.isoformat()}" if now else "--no-periodic"]
        call_command("run_worker", *args, stdout=out, verbosity=0)
        return out.getvalue()

    return run


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits (sign-in, contact…) live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
