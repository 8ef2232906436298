"""The observatory has no demo items of its own: it recomputes its figures once the other apps'
demo content is loaded (this app comes last in INSTALLED_APPS, so it runs after them)."""


def load_demo() -> int:
    from django.db import transaction

    from alliances.observatory.services import observatory_refresh

    # Run after the outer demo transaction commits, so the counts see every app's demo items.
    transaction.on_commit(observatory_refresh)
    return 0


def remove_demo() -> int:
    from django.db import transaction

    from alliances.observatory.services import observatory_refresh

    transaction.on_commit(observatory_refresh)
    return 0
