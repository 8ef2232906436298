"""Periodic jobs of the alerts app (alliances.core.periodic): the digests and the pruning of their
history, run by `alliances run_worker`."""

from __future__ import annotations

from alliances.alerts.enums import Frequency
from alliances.core.periodic import periodic_job


def _send(frequency: Frequency) -> int:
    from alliances.alerts.services import digests_send

    return digests_send(frequency=frequency).digests


@periodic_job("alerts_send_immediate", every="5min")
def alerts_send_immediate() -> int:
    """Alerts « dès que possible »: what is new since the last sending, every five minutes."""
    return _send(Frequency.IMMEDIATE)


@periodic_job("alerts_send_daily", every="daily", hour=7)
def alerts_send_daily() -> int:
    """Alerts « une fois par jour », in the morning."""
    return _send(Frequency.DAILY)


@periodic_job("alerts_send_weekly", every="weekly", hour=7)
def alerts_send_weekly() -> int:
    """Alerts « une fois par semaine », on Monday morning."""
    return _send(Frequency.WEEKLY)


@periodic_job("alerts_prune", every="daily", hour=4, minute=40)
def alerts_prune() -> dict[str, int]:
    """Forget the digest runs and the read notifications of more than 90 days (see HISTORY_KEPT)."""
    from dataclasses import asdict

    from alliances.alerts.services import alerts_history_prune

    return asdict(alerts_history_prune())
