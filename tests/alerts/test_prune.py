"""Pruning the alerts' history: old digest runs and old read notifications go, the rest stays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alliances.alerts import services
from alliances.alerts.enums import Frequency
from alliances.alerts.models import DigestRun, DigestSent, Notification
from alliances.alerts.periodic import alerts_prune
from alliances.core.periodic import periodic_jobs
from tests.partnerships.factories import UserFactory

pytestmark = pytest.mark.django_db


def _run(period: str, *, days_ago: int, people) -> DigestRun:
    run = DigestRun.objects.create(frequency=Frequency.DAILY, period=period)
    DigestRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(days=days_ago))
    for person in people:
        DigestSent.objects.create(run=run, user=person)
    return run


def _notification(user, text: str, *, read_days_ago: int | None) -> Notification:
    read_at = None if read_days_ago is None else timezone.now() - timedelta(days=read_days_ago)
    return Notification.objects.create(user=user, text=text, read_at=read_at)


def test_old_digest_runs_and_old_read_notifications_are_pruned_by_the_periodic_job():
    lea, marc = UserFactory(), UserFactory()
    old = _run("2026-01-05", days_ago=120, people=[lea, marc])
    recent = _run("2026-11-30", days_ago=7, people=[lea])
    _notification(lea, "Lue il y a longtemps", read_days_ago=100)
    _notification(lea, "Lue la semaine dernière", read_days_ago=7)
    unread = _notification(lea, "Jamais lue", read_days_ago=None)
    Notification.objects.filter(pk=unread.pk).update(created=timezone.now() - timedelta(days=200))

    assert periodic_jobs()["alerts_prune"].every == "daily"
    assert alerts_prune() == {"runs": 1, "sent": 2, "notifications": 1}

    assert list(DigestRun.objects.all()) == [recent]
    assert not DigestSent.objects.filter(run_id=old.pk).exists()
    assert DigestSent.objects.filter(run=recent).count() == 1
    kept = set(Notification.objects.values_list("text", flat=True))
    assert kept == {"Lue la semaine dernière", "Jamais lue"}  # unread, however old: still to be seen
    # Nothing left to prune: a second pass deletes nothing.
    assert services.alerts_history_prune() == services.PruneReport()


def test_a_pruned_period_is_not_sent_again():
    """The run of the current period is recent: pruning never lets a digest go out twice."""
    now = timezone.now()
    services.digests_send(frequency=Frequency.DAILY, now=now)
    services.alerts_history_prune(now=now + timedelta(hours=1))
    assert services.digests_send(frequency=Frequency.DAILY, now=now + timedelta(hours=1)).already_sent
