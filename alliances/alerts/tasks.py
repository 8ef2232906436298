"""Background task (django-tasks): the digests of a frequency, run by the worker (`alliances db_worker`)."""

from django_tasks import task


@task()
def send_digests(frequency: str) -> int:
    """Send the digests of this frequency for the current period; return how many emails left."""
    from alliances.alerts.services import digests_send

    return digests_send(frequency=frequency).digests
