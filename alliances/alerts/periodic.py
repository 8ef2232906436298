"""Periodic jobs of the alerts app (alliances.core.periodic): the digests, run by `alliances run_worker`."""

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
