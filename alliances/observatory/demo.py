"""The observatory has no demo items of its own: it recomputes its figures and open-data files
once the other apps' demo content is loaded or removed (this app comes last in INSTALLED_APPS,
so it runs after them; the work waits for the demo transaction to commit)."""

from django.db import transaction


def _refresh() -> None:
    from alliances.observatory.exports import exports_generate
    from alliances.observatory.services import observatory_refresh

    observatory_refresh()
    exports_generate()


def load_demo() -> int:
    transaction.on_commit(_refresh)
    return 0


def remove_demo() -> int:
    transaction.on_commit(_refresh)
    return 0
