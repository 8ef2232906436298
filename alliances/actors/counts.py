"""The directory's counts per territory, computed once for every territory and stored.

A big territory's page (Paris: 104,740 organisations at national scale) would otherwise count
its organisations by kind and by theme on its first view: 0.4 to 0.7 s. The nightly refresh
(run with the observatory's, `alliances refresh_observatory`, and after each bulk import as
the operating guide asks) counts every commune in two scans of the directory, adds the
communes up into their EPCI and département, and keeps the territories of more than
COUNTS_CACHE_ABOVE organisations in `TerritoryDirectoryCounts`.

The stored figures are used while they are fresh: computed less than STORED_COUNTS_MAX_AGE
ago and after the last import; otherwise the live count (kept ten minutes) takes over. The page
says how old the figure is.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone

from alliances.actors import selectors
from alliances.actors.enums import OrganisationKind, OrganisationStatus
from alliances.actors.models import ImportRun, Organisation, TerritoryDirectoryCounts, Theme
from alliances.actors.selectors import DirectoryCounts
from alliances.territories.models import Territory

# A nightly refresh, plus a margin for a late or failed night: older figures are not shown.
STORED_COUNTS_MAX_AGE = timedelta(hours=36)


def directory_counts_refresh(*, above: int | None = None) -> int:
    """Recount the directory of every commune, EPCI and département; store those of more than
    `above` organisations (default COUNTS_CACHE_ABOVE) in place of the previous figures.
    Return how many territories were stored.

    Counts are made per commune, then added up through each commune's `epci` and `departement`
    (the same links `Organisation.objects.in_territory` follows), so every stored figure equals
    the live one of `selectors.directory_counts` at the time of the refresh.
    """
    above = selectors.COUNTS_CACHE_ABOVE if above is None else above
    computed_at = timezone.now()
    totals: Counter = Counter()
    active: Counter = Counter()
    kinds: defaultdict[int, Counter] = defaultdict(Counter)
    themes: defaultdict[int, Counter] = defaultdict(Counter)
    per_commune = (
        Organisation.objects.filter(commune__isnull=False)
        .order_by()
        .values_list("commune_id", "kind")
        .annotate(n=Count("id"), n_active=Count("id", filter=Q(status=OrganisationStatus.ACTIVE)))
    )
    for commune_id, kind, n, n_active in per_commune.iterator(chunk_size=10_000):
        totals[commune_id] += n
        active[commune_id] += n_active
        kinds[commune_id][kind] += n
    links = Organisation.themes.through.objects
    per_theme = (
        links.filter(theme__family__isnull=True, organisation__commune__isnull=False)
        .order_by()
        .values_list("organisation__commune_id", "theme_id")
        .annotate(n=Count("id"))
    )
    for commune_id, theme_id, n in per_theme.iterator(chunk_size=10_000):
        themes[commune_id][theme_id] += n
    communes = set(totals)
    # Add each commune up into its EPCI and its département.
    parents = Territory.objects.filter(pk__in=list(totals)).values_list("pk", "epci_id", "departement_id")
    for commune_id, *ancestors in parents.iterator(chunk_size=10_000):
        for ancestor in filter(None, ancestors):
            totals[ancestor] += totals[commune_id]
            active[ancestor] += active[commune_id]
            kinds[ancestor].update(kinds[commune_id])
            themes[ancestor].update(themes[commune_id])
    theme_labels = dict(Theme.objects.filter(family__isnull=True).values_list("pk", "code"))
    theme_names = dict(Theme.objects.filter(family__isnull=True).values_list("code", "label"))
    rows = []
    for territory_id, total in totals.items():
        if total <= above:
            continue
        sample = _first_active(territory_id) if territory_id in communes else []
        by_theme = sorted(
            ((theme_labels[t], n) for t, n in themes[territory_id].items()), key=lambda item: (-item[1], item[0])
        )
        rows.append(
            TerritoryDirectoryCounts(
                territory_id=territory_id,
                total=total,
                active=active[territory_id],
                by_kind=sorted(([k, n] for k, n in kinds[territory_id].items()), key=lambda item: (-item[1], item[0])),
                by_theme=[[code, theme_names[code], n] for code, n in by_theme],
                sample=sample,
                computed_at=computed_at,
            )
        )
    with transaction.atomic():
        TerritoryDirectoryCounts.objects.all().delete()
        TerritoryDirectoryCounts.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _first_active(commune_id: int) -> list[int]:
    """The ids of the organisations a commune's page lists, in its order (see hooks)."""
    from alliances.actors.hooks import SECTION_LIST_SIZE

    return list(
        Organisation.objects.filter(commune_id=commune_id, status=OrganisationStatus.ACTIVE)
        .listed()
        .order_by(Concat("name", Value("")), "id")
        .values_list("id", flat=True)[:SECTION_LIST_SIZE]
    )


def stored_directory_counts(territory: Territory, *, themes_limit: int = 10) -> DirectoryCounts | None:
    """The stored counts of a territory as a `selectors.DirectoryCounts` (with `as_of`), or None
    when there are none, or they are older than STORED_COUNTS_MAX_AGE or than the last import."""
    stored = TerritoryDirectoryCounts.objects.filter(territory=territory).first()
    if stored is None or stored.computed_at < timezone.now() - STORED_COUNTS_MAX_AGE:
        return None
    since = Q(started_at__gt=stored.computed_at) | Q(finished_at__gt=stored.computed_at)
    if ImportRun.objects.filter(since, dry_run=False).exists():
        return None  # an import changed the directory since (or is changing it): out of date
    labels = dict(OrganisationKind.choices)
    return DirectoryCounts(
        total=stored.total,
        active=stored.active,
        by_kind=[(kind, labels.get(kind, kind), n) for kind, n in stored.by_kind],
        by_theme=[(code, label, n) for code, label, n in stored.by_theme[:themes_limit]],
        as_of=stored.computed_at,
        sample=stored.sample,
    )
