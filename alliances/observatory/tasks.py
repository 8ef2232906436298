"""Background tasks (django-tasks): refresh the aggregates and, with them, the open-data files."""

from django_tasks import task


@task()
def refresh_observatory() -> int:
    """Recompute the aggregated counts, then the open-data files, then the other apps' stored
    counts (the directory's per territory); return the number of cells."""
    from alliances.observatory.exports import exports_generate
    from alliances.observatory.services import observatory_refresh, other_aggregates_refresh

    run = observatory_refresh()
    exports_generate()
    other_aggregates_refresh()
    return run.cells
