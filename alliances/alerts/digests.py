"""Building the digests of one run: each distinct search evaluated once, then each person's email.

Kept apart from `services` (which records and sends) so that building is a pure function of the
database at `now`: what the benchmark measures and what the tests read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Min, QuerySet
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from alliances.alerts.enums import AlertKind, Frequency
from alliances.alerts.models import Alert
from alliances.alerts.searches import ITEMS_PER_ALERT, Item, in_period, kind_of, territory_searches
from alliances.alerts.tokens import unsubscribe_token

# What a person who follows an alliance without being a member is told of: its public life.
PUBLIC_ALLIANCE_ACTIONS = ("a changé d'étape",)

SearchKey = tuple[str, str]  # (page, canonical query string)


def period_of(frequency: str, now: datetime) -> str:
    """The period a run belongs to, in Paris time: the day, the ISO week, or the minute."""
    local = timezone.localtime(now)
    if frequency == Frequency.DAILY:
        return local.date().isoformat()
    if frequency == Frequency.WEEKLY:
        year, week, _ = local.isocalendar()
        return f"{year}-S{week:02d}"
    return local.strftime("%Y-%m-%dT%H:%M")


@dataclass
class Section:
    """One alert's part of a digest."""

    alert_id: int
    label: str
    items: list[Item]
    total: int
    more_url: str = ""
    unsubscribe_url: str = ""

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass
class Digest:
    user_id: int
    email: str
    frequency: str
    sections: list[Section] = field(default_factory=list)
    alert_ids: list[int] = field(default_factory=list)  # the alerts told something
    quiet_alert_ids: list[int] = field(default_factory=list)  # nothing new for these
    site_url: str = ""

    @property
    def items(self) -> int:
        return sum(section.total for section in self.sections)

    @property
    def unsubscribe_url(self) -> str:
        token = unsubscribe_token(user_id=self.user_id, alert_ids=self.alert_ids)
        return self.site_url + reverse("alerts:unsubscribe", kwargs={"token": token})

    @property
    def subject(self) -> str:
        count = self.items
        news = f"{count} nouveauté" + ("s" if count > 1 else "")
        if self.frequency == Frequency.IMMEDIATE and len(self.sections) == 1:
            return f"{news} : {self.sections[0].label}"
        periods: dict[str, str] = {Frequency.DAILY: "du jour", Frequency.WEEKLY: "de la semaine"}
        when = periods.get(self.frequency, "")
        return f"Vos alertes {when} : {news}".replace("  ", " ")

    @property
    def headers(self) -> dict[str, str]:
        # RFC 2369 and RFC 8058: one-click unsubscribe of exactly the alerts of this email.
        return {
            "List-Unsubscribe": f"<{self.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }

    @property
    def body(self) -> str:
        return render_to_string(
            "alerts/emails/digest.txt",
            {
                "digest": self,
                "manage_url": self.site_url + reverse("alerts:list"),
                "unsubscribe_url": self.unsubscribe_url,
            },
        )


def _in_evaluation_order(since_of: dict[SearchKey, datetime]) -> Iterator[tuple[SearchKey, datetime]]:
    """The searches page by page, each page's in the order its kind prefers (SearchKind.ordered)."""
    by_page: dict[str, list[str]] = defaultdict(list)
    for page, query in since_of:
        by_page[page].append(query)
    for page, queries in by_page.items():
        kind = kind_of(page)
        for query in kind.ordered(queries) if kind else queries:
            yield (page, query), since_of[(page, query)]


class DigestBuilder:
    """Evaluate once what every distinct alert of a run watches, then build digests per batch."""

    def __init__(self, *, alerts: QuerySet[Alert], now: datetime, site_url: str = ""):
        self.alerts = alerts
        self.now = now
        self.site_url = site_url
        self.results: dict[SearchKey, list[Item]] = {}
        self.territory_parts: dict[int, list[tuple[SearchKey, str]]] = {}
        self.history: dict[int, list] = defaultdict(list)  # alliance → its entries of the period

    def evaluate(self) -> int:
        """Run each distinct search once, from the earliest watermark among its alerts; return how many."""
        since_of: dict[SearchKey, datetime] = {}

        def want(key: SearchKey, since: datetime) -> None:
            since_of[key] = min(since, since_of.get(key, since))

        watermark = Min(Coalesce("last_sent_at", "created_at"))
        searches = (
            self.alerts.filter(kind=AlertKind.SEARCH).values_list("search_kind", "query").annotate(since=watermark)
        )
        for search_kind, query, since in searches.order_by():
            want((search_kind, query), since)
        territories = self.alerts.filter(kind=AlertKind.TERRITORY).values_list("territory_id").annotate(since=watermark)
        followed = dict(territories.order_by())
        if followed:
            from alliances.territories.models import Territory

            for territory in Territory.objects.select_related("region").filter(pk__in=list(followed)):
                parts = [((page, query), heading) for page, query, heading in territory_searches(territory)]
                self.territory_parts[territory.pk] = parts
                for key, _ in parts:
                    want(key, followed[territory.pk])
        earliest = min(since_of.values(), default=self.now)
        fresh: dict[str, Any] = {}
        for (page, query), since in _in_evaluation_order(since_of):
            kind = kind_of(page)
            if kind is None:
                self.results[(page, query)] = []
                continue
            if page not in fresh:  # one cheap query per page: most days, most pages have nothing new
                fresh[page] = kind.fresh(since=earliest, until=self.now)
            parsed = kind.parse(QueryDict(query)) if fresh[page] else None
            # A search whose filters no longer validate (a theme removed…) finds nothing, quietly.
            self.results[(page, query)] = (
                kind.new_items(parsed, since=since, until=self.now, fresh=fresh[page]) if parsed else []
            )
        self._evaluate_alliances()
        return len(since_of)

    def _evaluate_alliances(self) -> None:
        rows = (
            self.alerts.filter(kind=AlertKind.ALLIANCE)
            .values_list("alliance_id")
            .annotate(since=Min(Coalesce("last_sent_at", "created_at")))
        )
        followed = dict(rows.order_by())
        if not followed:
            return
        from alliances.partnerships.models import HistoryEntry

        entries = HistoryEntry.objects.filter(
            alliance_id__in=list(followed), at__gt=min(followed.values()), at__lte=self.now
        ).order_by("-at", "-pk")
        for entry in entries.select_related("user").iterator(chunk_size=2000):
            self.history[entry.alliance_id].append(entry)

    def digests_for(self, user_ids: list[int]) -> Iterator[Digest]:
        """The digest of each of these people (with no section when nothing is new)."""
        alerts = (
            self.alerts.filter(user_id__in=user_ids)
            .select_related("user", "territory", "alliance")
            .order_by("user_id", "created_at", "pk")
        )
        by_user: dict[int, list[Alert]] = defaultdict(list)
        for alert in alerts:
            by_user[alert.user_id].append(alert)
        memberships = self._memberships(by_user)
        for user_id, user_alerts in by_user.items():
            user = user_alerts[0].user
            digest = Digest(
                user_id=user_id, email=user.email, frequency=user_alerts[0].frequency, site_url=self.site_url
            )
            for alert in user_alerts:
                section = self._section(alert, memberships)
                if section is None:
                    digest.quiet_alert_ids.append(alert.pk)
                else:
                    digest.sections.append(section)
                    digest.alert_ids.append(alert.pk)
            for section in digest.sections:
                token = unsubscribe_token(user_id=user_id, alert_ids=[section.alert_id])
                section.unsubscribe_url = self.site_url + reverse("alerts:unsubscribe", kwargs={"token": token})
            yield digest

    def _memberships(self, by_user: dict[int, list[Alert]]) -> set[tuple[int, int]]:
        pairs = [(a.user_id, a.alliance_id) for alerts in by_user.values() for a in alerts if a.alliance_id]
        if not pairs:
            return set()
        from alliances.partnerships.models import Membership

        rows = Membership.objects.filter(
            user_id__in={u for u, _ in pairs}, alliance_id__in={a for _, a in pairs}
        ).values_list("user_id", "alliance_id")
        return set(rows)

    def _section(self, alert: Alert, memberships: set[tuple[int, int]]) -> Section | None:
        since = alert.watermark
        if alert.kind == AlertKind.SEARCH:
            items = [
                i for i in self.results.get((alert.search_kind, alert.query), []) if in_period(i.at, since, self.now)
            ]
            kind = kind_of(alert.search_kind)
            more_url = self.site_url + kind.page_url(alert.query) if kind else ""
        elif alert.kind == AlertKind.TERRITORY:
            seen: dict[str, Item] = {}
            for key, heading in self.territory_parts.get(alert.territory_id or 0, []):
                for item in self.results.get(key, []):
                    if in_period(item.at, since, self.now) and item.key not in seen:
                        seen[item.key] = Item(item.key, item.title, item.url, item.at, heading)
            items = sorted(seen.values(), key=lambda i: i.at, reverse=True)
            more_url = self.site_url + alert.territory.get_absolute_url() if alert.territory else ""
        else:
            items = self._alliance_items(alert, memberships)
            more_url = self.site_url + alert.alliance.get_absolute_url() if alert.alliance else ""
        if not items:
            return None
        shown = [Item(i.key, i.title, self._absolute(i.url), i.at, i.detail) for i in items[:ITEMS_PER_ALERT]]
        return Section(alert_id=alert.pk, label=alert.label, items=shown, total=len(items), more_url=more_url)

    def _alliance_items(self, alert: Alert, memberships: set[tuple[int, int]]) -> list[Item]:
        alliance = alert.alliance
        if alliance is None or alliance.is_deleted:
            return []
        member = (alert.user_id, alliance.pk) in memberships
        if not member:
            from alliances.partnerships import perms as alliance_perms

            if not alliance_perms.can_view(alert.user, alliance):
                return []
        items = []
        for entry in self.history.get(alliance.pk, []):
            if not in_period(entry.at, alert.watermark, self.now) or entry.user_id == alert.user_id:
                continue
            if not member and entry.action not in PUBLIC_ALLIANCE_ACTIONS:
                continue
            who = entry.user.public_name if member and entry.user else ""
            changes = ", ".join(f"{label} : {values[-1]}" for label, values in (entry.changes or {}).items())
            what = f"({changes})" if changes else (f"« {entry.target} »" if entry.target else "")
            text = " ".join(part for part in (who, entry.action, what) if part)
            items.append(
                Item(f"historique:{entry.pk}", text[:1].upper() + text[1:], alliance.get_absolute_url(), entry.at)
            )
        return items

    def _absolute(self, url: str) -> str:
        return self.site_url + url if url.startswith("/") else url
