"""Periodic jobs of the partnerships app (alliances.core.periodic): reminders, purge of deleted alliances."""

from __future__ import annotations

from alliances.core.periodic import periodic_job


@periodic_job("partnerships_send_reminders", every="daily", hour=8)
def partnerships_send_reminders() -> dict[str, int]:
    """Actions due within 7 days or late, meetings of tomorrow, measurements due: people reminded."""
    from alliances.partnerships.services.life import (
        action_reminders_send,
        measurement_reminders_send,
        meeting_reminders_send,
    )

    return {
        "actions": action_reminders_send(),
        "meetings": meeting_reminders_send(),
        "measurements": measurement_reminders_send(),
    }


@periodic_job("purge_alliances", every="daily", hour=3, minute=30)
def purge_alliances() -> int:
    """Delete for good the alliances deleted more than 30 days ago."""
    from alliances.partnerships.services import alliances_purge_deleted

    return alliances_purge_deleted()
