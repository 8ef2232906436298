"""Periodic work (reminders, digests, purges, nightly refresh): one registry, run by the task worker.

An app declares a job in its `periodic.py` module (found at start, like admin.py):

    @periodic_job("alerts_send_digests", every="daily", hour=7)
    def send_digests() -> int: ...

`alliances run_worker` checks the table every minute and enqueues each job once per period
(hour, day, ISO week) once its time has come, in local time (TIME_ZONE): a worker started late in
the period still runs it; one stopped for a whole period does not catch up the missed ones (a job
that must cover every day reads what it has not done yet — reminders keep what they sent). The
pair (job, period) is unique in the database (`PeriodicRun`): a second worker, or a restart, never
enqueues a job twice for the same period. The job itself runs as a task (`periodic_run`), and its
failure is a failed task like any other.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks import task

logger = logging.getLogger("alliances.periodic")

# "5min": what must go out soon (immediate alerts) without a job per event.
Every = Literal["5min", "hourly", "daily", "weekly"]


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: Every
    func: Callable[[], Any]
    minute: int = 0
    hour: int = 0
    weekday: int = 0  # Monday; for weekly jobs

    def period(self, now: datetime) -> str:
        """The key of the period that `now` (local time) falls in."""
        if self.every == "5min":
            return now.strftime("%Y-%m-%dT%H:") + f"{now.minute // 5 * 5:02d}"
        if self.every == "hourly":
            return now.strftime("%Y-%m-%dT%H")
        if self.every == "daily":
            return now.strftime("%Y-%m-%d")
        year, week, _ = now.isocalendar()
        return f"{year}-W{week:02d}"

    def is_due(self, now: datetime) -> bool:
        """Whether the job's time of the current period has come."""
        if self.every == "5min":
            return True
        if self.every == "hourly":
            start = now.replace(minute=self.minute, second=0, microsecond=0)
        else:
            start = now.replace(hour=self.hour, minute=self.minute, second=0, microsecond=0)
            if self.every == "weekly":
                start -= timedelta(days=now.weekday() - self.weekday)
        return now >= start


_REGISTRY: dict[str, PeriodicJob] = {}
_discovered = False


def periodic_job(
    name: str, *, every: Every, hour: int = 0, minute: int = 0, weekday: int = 0
) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register the decorated function (no argument) as a job run once per five minutes, hour, day or
    week: as soon as the worker looks (5min), at `minute` (hourly), `hour:minute` (daily) or on `weekday` (0 = Monday) at `hour:minute` (weekly)."""
    if every not in ("5min", "hourly", "daily", "weekly"):
        raise ValueError(f"Périodicité inconnue : {every}")

    def register(func: Callable[[], Any]) -> Callable[[], Any]:
        known = _REGISTRY.get(name)
        if known is not None and known.func.__qualname__ != func.__qualname__:
            raise ValueError(f"Deux tâches périodiques portent le nom {name}")
        _REGISTRY[name] = PeriodicJob(name=name, every=every, func=func, minute=minute, hour=hour, weekday=weekday)
        return func

    return register


def periodic_jobs() -> dict[str, PeriodicJob]:
    """Every registered job, after importing each installed app's `periodic` module once."""
    global _discovered
    if not _discovered:
        autodiscover_modules("periodic")
        _discovered = True
    return dict(_REGISTRY)


@task()
def periodic_run(*, name: str, period: str) -> Any:
    """Run one periodic job (enqueued by `periodic_enqueue_due`); return what the job returns."""
    job = periodic_jobs()[name]
    logger.info("Tâche périodique %s (%s)", name, period)
    return job.func()


def periodic_enqueue_due(*, now: datetime | None = None) -> list[str]:
    """Enqueue every job whose time has come and that was not enqueued for this period; return their names."""
    from alliances.core.models import PeriodicRun

    now = timezone.localtime(now or timezone.now())
    enqueued = []
    for job in periodic_jobs().values():
        if not job.is_due(now):
            continue
        period = job.period(now)
        if PeriodicRun.objects.filter(name=job.name, period=period).exists():
            continue
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(name=job.name, period=period)
                periodic_run.enqueue(name=job.name, period=period)
        except IntegrityError:  # another worker enqueued it in the meantime
            continue
        enqueued.append(job.name)
    return enqueued


# --- the platform's own housekeeping ----------------------------------------------------------


@periodic_job("tasks_prune", every="daily", hour=4, minute=10)
def tasks_prune() -> None:
    """Forget finished tasks: successful ones (sent emails included) after 14 days, failed after 90."""
    from django.core.management import call_command

    call_command(
        "prune_db_task_results", "--queue-name=*", "--min-age-days=14", "--failed-min-age-days=90", verbosity=0
    )


@periodic_job("sessions_clear", every="daily", hour=4, minute=20)
def sessions_clear() -> None:
    """Delete expired sessions (Django's `clearsessions`)."""
    from django.core.management import call_command

    call_command("clearsessions", verbosity=0)


@periodic_job("periodic_runs_prune", every="weekly", hour=4, minute=30)
def periodic_runs_prune() -> int:
    """Forget the record of periodic runs older than 90 days."""
    from alliances.core.models import PeriodicRun

    deleted, _ = PeriodicRun.objects.filter(enqueued_at__lt=timezone.now() - timedelta(days=90)).delete()
    return deleted
