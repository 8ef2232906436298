"""Periodic job of the observatory (alliances.core.periodic): the nightly refresh."""

from alliances.core.periodic import periodic_job


@periodic_job("refresh_observatory", every="daily", hour=2)
def refresh_observatory_nightly() -> int:
    """Recompute the aggregates, the open-data files and the directory's stored counts."""
    from alliances.observatory.tasks import refresh_observatory

    return refresh_observatory.call()
