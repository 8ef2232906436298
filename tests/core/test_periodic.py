"""Periodic work (issue 23, point 7): one registry, enqueued once per period by `run_worker`."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from alliances.core import periodic
from alliances.core.models import PeriodicRun
from alliances.core.periodic import PeriodicJob, periodic_enqueue_due, periodic_job, periodic_jobs

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
CALLS: list[str] = []


def _count() -> int:
    CALLS.append("run")
    return len(CALLS)


@pytest.fixture
def only_a_test_job(monkeypatch):
    """The registry holds one daily job at 7:00 (the apps' jobs are set aside)."""
    periodic_jobs()  # the apps' modules are imported first, then set aside
    monkeypatch.setattr(periodic, "_REGISTRY", {})
    periodic_job("tests_count", every="daily", hour=7)(_count)
    CALLS.clear()
    yield
    CALLS.clear()


def test_the_apps_register_their_jobs():
    names = set(periodic_jobs())
    assert {"partnerships_send_reminders", "purge_alliances", "refresh_observatory", "tasks_prune"} <= names
    assert periodic_jobs()["partnerships_send_reminders"].every == "daily"


@pytest.mark.parametrize(
    ("every", "now", "due", "period"),
    [
        ("hourly", datetime(2026, 3, 2, 10, 4), True, "2026-03-02T10"),
        ("daily", datetime(2026, 3, 2, 6, 59), False, "2026-03-02"),
        ("daily", datetime(2026, 3, 2, 7, 0), True, "2026-03-02"),
        ("weekly", datetime(2026, 3, 2, 7, 30), False, "2026-W10"),  # a Monday; the job is on Tuesday
        ("weekly", datetime(2026, 3, 4, 6, 0), True, "2026-W10"),
    ],
)
def test_when_a_job_is_due_and_its_period(every, now, due, period):
    job = PeriodicJob(name="x", every=every, func=_count, hour=7, minute=0, weekday=1)
    assert job.is_due(now) is due
    assert job.period(now) == period


def test_an_unknown_frequency_is_refused():
    with pytest.raises(ValueError):
        periodic_job("x", every="monthly")  # type: ignore[arg-type]


def test_a_job_runs_once_per_period_whatever_the_number_of_rounds(only_a_test_job, task_worker):
    morning = datetime(2026, 3, 2, 6, 0, tzinfo=PARIS)
    task_worker(now=morning)
    assert CALLS == [] and not PeriodicRun.objects.exists()

    for minute in (0, 1, 30):
        task_worker(now=morning.replace(hour=7, minute=minute))
    assert CALLS == ["run"]
    assert list(PeriodicRun.objects.values_list("name", "period")) == [("tests_count", "2026-03-02")]

    task_worker(now=datetime(2026, 3, 3, 7, 5, tzinfo=PARIS))
    assert CALLS == ["run", "run"]


def test_enqueueing_twice_the_same_period_enqueues_once(only_a_test_job, task_worker):
    at = datetime(2026, 3, 2, 8, 0, tzinfo=PARIS)
    assert periodic_enqueue_due(now=at) == ["tests_count"]
    assert periodic_enqueue_due(now=at) == []
    task_worker(now=at)
    assert CALLS == ["run"]


def test_run_worker_refuses_a_queue_that_is_not_the_database(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with pytest.raises(CommandError, match="DatabaseBackend"):
        call_command("run_worker", "--batch")
