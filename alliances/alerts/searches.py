"""The pages whose search can be saved: one registry entry per list page.

A saved search is a page (`SearchKind.key`) and the query string of its filter form. When a
digest runs, the query string goes back through that page's own form and its own selector, and
only the results that appeared in the period are kept: the filters are never implemented twice.
Adding a page is one subclass of `SearchKind` registered with `register` (the calls for partners,
`CallSearch`, were added that way).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils.module_loading import import_string

from alliances.territories.models import Territory

if TYPE_CHECKING:
    from alliances.actors.need import RankedByNeed, TerritoryDocuments

# Most items one alert lists in a digest; the rest is a link to the page.
ITEMS_PER_ALERT = 20
# Beyond this many organisations created in a period, searches are not narrowed by their ids.
FRESH_IDS = 20_000


@dataclass(frozen=True)
class Item:
    """Something new that a digest lists: its title, its page, when it appeared."""

    key: str  # unique across pages ("acteurs:12"): a followed territory lists an item once
    title: str
    url: str
    at: datetime
    detail: str = ""


class SearchKind:
    """One list page whose search can be saved."""

    key: str = ""  # in the alert and in the "Créer une alerte" link: ?type=acteurs
    label: str = ""  # « Annuaire des acteurs »
    url_name: str = ""
    fields: tuple[str, ...] = ()  # the query-string keys of the page's filter form
    territory_field: str = "territoire"

    form: str = ""  # the page's filter form (dotted path: imported when used, apps load first)

    def parse(self, data: QueryDict) -> Any | None:
        """The page's filters from a query string, through the page's own form; None if invalid."""
        bound = import_string(self.form)(data)
        return bound if bound.is_valid() else None

    def territory(self, parsed: Any) -> Territory | None:
        return None

    def describe(self, parsed: Any) -> str:
        """The search in a few French words, for the alert's title."""
        raise NotImplementedError

    def new_items(self, parsed: Any, *, since: datetime, until: datetime, fresh: Any = True) -> list[Item]:
        """What the page's own selector lists for these filters that appeared in (since, until];
        `fresh` is what `fresh` answered for the run (a page may narrow its search with it)."""
        raise NotImplementedError

    def fresh(self, *, since: datetime, until: datetime) -> Any:
        """Whether anything at all appeared on the page in the period (falsy: no search is run),
        computed once per run; a page may answer what appeared (ids) to narrow each search."""
        return True

    def ordered(self, queries: list[str]) -> list[str]:
        """The saved searches (query strings) of a run in the order to evaluate them: a page may
        group those that share work (NeedSearch: the needs of one intercommunality)."""
        return queries

    def canonical(self, data: QueryDict) -> str | None:
        """The query string as stored: the form's keys only, sorted, empty values dropped, the
        territory written as its reference (« Mende » and « 48000 » save the same search)."""
        parsed = self.parse(data)
        if parsed is None:
            return None
        pairs: list[tuple[str, str]] = []
        territory = self.territory(parsed)
        for name in sorted(self.fields):
            if name == self.territory_field and territory is not None:
                pairs.append((name, territory.ref))
                continue
            for value in sorted({v.strip() for v in data.getlist(name) if v.strip()}):
                pairs.append((name, value))
        return urlencode(pairs)

    def page_url(self, query: str) -> str:
        return reverse(self.url_name) + (f"?{query}" if query else "")


REGISTRY: dict[str, SearchKind] = {}


def register(kind: SearchKind) -> SearchKind:
    REGISTRY[kind.key] = kind
    return kind


def kind_of(key: str) -> SearchKind | None:
    return REGISTRY.get(key)


def in_period(at: datetime | None, since: datetime, until: datetime) -> bool:
    return at is not None and since < at <= until


def _choice(form, name: str) -> str:
    """The label of the value chosen in a select of the page's form ("" when none is)."""
    value = form.cleaned_data.get(name)
    return str(dict(form.fields[name].choices).get(value, "")) if value not in (None, "") else ""


def _with_words(parts: Iterable[str]) -> str:
    return " · ".join(part for part in parts if part)


# --- the directory ----------------------------------------------------------------------------


class DirectorySearch(SearchKind):
    key = "acteurs"
    label = "Annuaire des acteurs"
    url_name = "actors:list"
    form = "alliances.actors.forms.DirectoryFilterForm"
    fields = ("q", "territoire", "type", "theme", "odd", "actif", "ess", "employeur")

    def territory(self, parsed) -> Territory | None:
        return parsed.cleaned_data.get("territoire")

    def describe(self, parsed) -> str:
        data = parsed.cleaned_data
        choices = {name: _choice(parsed, name) for name in ("type", "theme")}
        return _with_words(
            [
                f"« {data['q']} »" if data.get("q") else "",
                _territory_words(data.get("territoire")),
                choices["type"],
                choices["theme"],
                f"ODD {data['odd']}" if data.get("odd") else "",
                "en activité" if data.get("actif") else "",
                "ESS" if data.get("ess") else "",
                "employeurs" if data.get("employeur") else "",
            ]
        )

    def fresh(self, *, since: datetime, until: datetime) -> Any:
        """The organisations created in the period with their territories (a day brings a few
        thousand at most, nationally), or True beyond FRESH_IDS (the day of a first import): each
        search is then narrowed to those of its territory, read by primary key, instead of
        scanning its territory; a search whose territory has none runs no query."""
        from alliances.actors.models import Organisation

        period = Organisation.objects.filter(created_at__gt=since, created_at__lte=until).order_by()
        places = "commune_id", "commune__epci_id", "commune__departement_id", "commune__region_id"
        rows = list(period.values_list("pk", *places)[: FRESH_IDS + 1])
        return True if len(rows) > FRESH_IDS else FreshOrganisations.of(rows)

    def new_items(self, parsed, *, since: datetime, until: datetime, fresh: Any = True) -> list[Item]:
        from alliances.actors.models import Organisation
        from alliances.actors.selectors import RankedOrganisations, organisations_search

        filters = parsed.to_filters()
        ids = fresh.ids_in(filters.all_territories) if isinstance(fresh, FreshOrganisations) else None
        if ids is not None and not ids:
            return []  # nothing appeared in its territory: most searches of a day, nationally
        results = organisations_search(filters)
        found = results.items
        if isinstance(found, RankedOrganisations):  # a text query: the ids the search index ranked
            found = Organisation.objects.filter(pk__in=found.ids)
        if ids is not None:
            found = found.filter(pk__in=ids)
        return _organisation_items(found.filter(created_at__gt=since, created_at__lte=until))


@dataclass(frozen=True)
class FreshOrganisations:
    """The organisations created in a run's period, by territory containing them (their commune,
    EPCI, département and région), so that each search keeps those of its territories without a
    query. Built once per run: 3,000 organisations a day, for ~10,000 distinct territorial
    searches, most of them on a commune where none appeared (measured in bench/alerts_digests.py:
    the `IN` of every id, compiled for each search, was most of the run)."""

    ids: list[int]
    by_territory: dict[int, list[int]]

    @classmethod
    def of(cls, rows: Iterable[tuple[int, ...]]) -> FreshOrganisations:
        ids: list[int] = []
        by_territory: dict[int, list[int]] = defaultdict(list)
        for pk, *places in rows:
            ids.append(pk)
            for place in {p for p in places if p is not None}:
                by_territory[place].append(pk)
        return cls(ids=ids, by_territory=dict(by_territory))

    def __bool__(self) -> bool:
        return bool(self.ids)

    def ids_in(self, territories: Iterable[Territory]) -> list[int]:
        """The ids of those in every one of these territories (all of them when none is given), as
        `Organisation.objects.in_territory` keeps them: territories are one table, so a territory's
        id is the commune's own, or that of its EPCI, département or région."""
        kept: list[int] | None = None
        for territory in territories:
            here = self.by_territory.get(territory.pk, [])
            if kept is None:
                kept = here
            else:
                inside = set(here)
                kept = [pk for pk in kept if pk in inside]
        return list(self.ids) if kept is None else kept


def _organisation_items(organisations: QuerySet) -> list[Item]:
    rows = organisations.select_related("commune").order_by("-created_at", "-id")[: ITEMS_PER_ALERT * 5]
    return [
        Item(
            key=f"acteurs:{o.pk}",
            title=o.name,
            url=o.get_absolute_url(),
            at=o.created_at,
            detail=o.commune.name if o.commune_id else "",
        )
        for o in rows
    ]


def _territory_words(territory: Territory | None) -> str:
    if territory is None:
        return ""
    from alliances.territories.selectors import territory_label

    return territory_label(territory)


class NeedSearch(SearchKind):
    key = "besoin"
    label = "Recherche par besoin"
    url_name = "actors:need"
    form = "alliances.actors.forms.NeedSearchForm"
    fields = ("besoin", "territoire")
    # The need search ranks; a new organisation is announced when it is among this many best.
    RANKED = 100

    def territory(self, parsed) -> Territory | None:
        return parsed.cleaned_data["territoire"]

    def describe(self, parsed) -> str:
        data = parsed.cleaned_data
        return _with_words([f"« {data['besoin'][:80]} »", _territory_words(data["territoire"])])

    def fresh(self, *, since: datetime, until: datetime) -> Any:
        return NeedRun(DIRECTORY.fresh(since=since, until=until))

    def ordered(self, queries: list[str]) -> list[str]:
        """Grouped by intercommunality: a small one is read and analysed once for all its needs."""
        from alliances.territories.models import Territory

        refs = {query: QueryDict(query).get(self.territory_field, "") for query in queries}
        codes = {ref.removeprefix("commune:") for ref in refs.values() if ref.startswith("commune:")}
        epci_of = dict(Territory.objects.current_communes().filter(code__in=codes).values_list("code", "epci_id"))

        def group(query: str) -> str:
            ref = refs[query]
            epci = epci_of.get(ref.removeprefix("commune:")) if ref.startswith("commune:") else None
            return f"epci:{epci}" if epci else ref

        return sorted(queries, key=lambda query: (group(query), query))

    def new_items(self, parsed, *, since: datetime, until: datetime, fresh: Any = True) -> list[Item]:
        from alliances.actors import need

        territory = parsed.cleaned_data["territoire"]
        run = fresh if isinstance(fresh, NeedRun) else NeedRun(fresh)
        ranked = run.ranked(parsed.cleaned_data["besoin"], need.need_scope(territory), since=since, until=until)
        if not ranked.results:
            return []
        return [
            Item(
                key=f"acteurs:{m.organisation.pk}",
                title=m.organisation.name,
                url=m.organisation.get_absolute_url(),
                at=m.organisation.created_at,
                detail=m.reason,  # as seen from the commune of the search: its distances
            )
            for m in need.need_matches(ranked, origin=territory).matches
            if in_period(m.organisation.created_at, since, until)
        ]


@dataclass
class NeedRun:
    """What the need searches of a run share: the organisations of the period, and each need's
    ranking in each scope. The communes of an intercommunality search it for the same needs (in
    the national bench, 3,457 distinct searches are 2,381 rankings), and a ranking of a large
    territory costs ~100 ms through the index: ranked once, each commune's reasons written apart.
    Only what appeared in the period is kept of each ranking."""

    fresh: Any  # DirectorySearch.fresh: FreshOrganisations, or True beyond FRESH_IDS
    rankings: dict[tuple[str, int, datetime | None], RankedByNeed] = field(default_factory=dict)
    # The documents of the last small territory ranked (searches come grouped: NeedSearch.ordered).
    documents: tuple[int, TerritoryDocuments | None] | None = None

    def __bool__(self) -> bool:
        return bool(self.fresh)

    def ranked(self, text: str, scope: Territory, *, since: datetime, until: datetime) -> RankedByNeed:
        from alliances.actors import need
        from alliances.actors.models import Organisation
        from alliances.actors.selectors import DirectoryFilters

        # Without the period's ids (FRESH_IDS exceeded), whether anything appeared depends on `since`.
        key = (text, scope.pk, None if isinstance(self.fresh, FreshOrganisations) else since)
        if key in self.rankings:
            return self.rankings[key]
        nothing = need.RankedByNeed(results=[], total=0)
        appeared: list[int] | None = None
        if isinstance(self.fresh, FreshOrganisations):
            appeared = self.fresh.ids_in([scope])
        elif not Organisation.objects.in_territory(scope).filter(created_at__gt=since, created_at__lte=until).exists():
            appeared = []
        # Ranking a territory costs a search of the index: only when what appeared there can rank.
        if appeared is not None and not need.relevant_among(text, appeared):
            self.rankings[key] = nothing
            return nothing
        filters = DirectoryFilters(territory=scope, active_only=True)  # as the page
        if self.documents is None or self.documents[0] != scope.pk:
            self.documents = (scope.pk, need.territory_documents(filters))
        ranked = need.ranked_by_need(
            need=text, filters=filters, limit=NeedSearch.RANKED, offset=0, documents=self.documents[1]
        )
        if appeared is not None:
            kept = set(appeared)
            ranked.results = [r for r in ranked.results if r.id in kept]
        self.rankings[key] = ranked
        return ranked


# --- practices ----------------------------------------------------------------------------------


class PracticeSearch(SearchKind):
    key = "pratiques"
    label = "Pratiques inspirantes"
    url_name = "practices:list"

    @property
    def fields(self) -> tuple[str, ...]:  # type: ignore[override]
        from alliances.practices.search import FACETS

        return ("q", *FACETS)

    def parse(self, data: QueryDict):
        from alliances.practices.search import FACETS
        from alliances.practices.selectors import clean_filters

        query = data.get("q", "").strip()[:200]
        return {"query": query, "filters": clean_filters({name: data.getlist(name) for name in FACETS})}

    def canonical(self, data: QueryDict) -> str | None:
        parsed = self.parse(data)
        pairs = [("q", parsed["query"])] if parsed["query"] else []
        pairs += [(name, value) for name, values in sorted(parsed["filters"].items()) for value in values]
        return urlencode(pairs)

    def describe(self, parsed) -> str:
        from alliances.practices.selectors import _CHOICES

        labels = []
        for name, values in parsed["filters"].items():
            labels += [_CHOICES.get(name, {}).get(v, f"région {v}" if name == "region" else v) for v in values]
        return _with_words([f"« {parsed['query']} »" if parsed["query"] else "", *labels])

    def fresh(self, *, since: datetime, until: datetime) -> Any:
        from alliances.practices.models import Practice

        return Practice.objects.published().filter(published_at__gt=since, published_at__lte=until).exists()

    def new_items(self, parsed, *, since: datetime, until: datetime, fresh: Any = True) -> list[Item]:
        from alliances.practices.models import Practice
        from alliances.practices.selectors import practices_search

        # The page's own search, newest first: every practice of the period is among the first
        # `fresh` ones (those published after `until`, if any, come before them).
        fresh = Practice.objects.published().filter(published_at__gt=since).count()
        if not fresh:
            return []
        page = practices_search(
            query=parsed["query"],
            filters=parsed["filters"],
            sort="date",
            limit=min(fresh, ITEMS_PER_ALERT * 5),
            with_facets=False,
            with_count=False,
        )
        return [
            Item(key=f"pratiques:{c.pk}", title=c.title, url=c.get_absolute_url(), at=c.published_at, detail=c.summary)
            for c in page.practices
            if c.published_at is not None and in_period(c.published_at, since, until)
        ]


# --- events ---------------------------------------------------------------------------------------


class EventSearch(SearchKind):
    key = "evenements"
    label = "Événements"
    url_name = "resources:events"
    form = "alliances.resources.forms.EventFilterForm"
    fields = ("q", "type", "apres", "avant")

    def describe(self, parsed) -> str:
        data = parsed.cleaned_data
        kind = _choice(parsed, "type")
        return _with_words(
            [
                f"« {data['q']} »" if data.get("q") else "",
                kind,
                f"à partir du {data['apres']:%d/%m/%Y}" if data.get("apres") else "",
                f"jusqu'au {data['avant']:%d/%m/%Y}" if data.get("avant") else "",
            ]
        )

    def fresh(self, *, since: datetime, until: datetime) -> Any:
        from alliances.resources.models import Event

        return Event.objects.published().filter(published_at__gt=since, published_at__lte=until).exists()

    def new_items(self, parsed, *, since: datetime, until: datetime, fresh: Any = True) -> list[Item]:
        from alliances.resources.selectors import events_list

        events = events_list(**parsed.filters())
        if isinstance(events, QuerySet):
            events = events.filter(published_at__gt=since, published_at__lte=until)
        return [
            Item(
                key=f"evenements:{e.pk}",
                title=e.title,
                url=e.get_absolute_url(),
                at=e.published_at,
                detail=f"le {e.starts_at:%d/%m/%Y}",
            )
            for e in events
            if in_period(e.published_at, since, until)
        ][: ITEMS_PER_ALERT * 5]


# --- catalysts -----------------------------------------------------------------------------------


class CatalystSearch(SearchKind):
    key = "catalyseurs"
    label = "Catalyseurs territoriaux"
    url_name = "catalysts:list"
    form = "alliances.catalysts.forms.FinderForm"
    fields = ("territoire", "metier", "theme", "odd", "disponible")

    def territory(self, parsed) -> Territory | None:
        return parsed.cleaned_data.get("territoire")

    def describe(self, parsed) -> str:
        data = parsed.cleaned_data
        labels = {name: _choice(parsed, name) for name in ("metier", "theme")}
        return _with_words(
            [
                _territory_words(data.get("territoire")),
                labels["metier"],
                labels["theme"],
                f"ODD {data['odd']}" if data.get("odd") else "",
                "disponibles" if data.get("disponible") else "",
            ]
        )

    def fresh(self, *, since: datetime, until: datetime) -> Any:
        from alliances.catalysts.models import CatalystProfile

        return CatalystProfile.objects.visible().filter(moderated_at__gt=since, moderated_at__lte=until).exists()

    def new_items(self, parsed, *, since: datetime, until: datetime, fresh: Any = True) -> list[Item]:
        from alliances.catalysts.selectors import FinderCriteria, catalysts_find

        data = parsed.cleaned_data
        criteria = FinderCriteria(
            territory=data["territoire"],
            metier=data["metier"],
            theme=data["theme"],
            sdg=data["odd"],
            available_only=data["disponible"],
        )
        # A profile appears in the network when a moderator validates it.
        items = []
        for result in catalysts_find(criteria):
            at = result.profile.moderated_at
            if at is not None and in_period(at, since, until):
                url = result.profile.get_absolute_url()
                items.append(Item(f"catalyseurs:{result.profile.pk}", result.profile.name, url, at, result.reason))
        return items[: ITEMS_PER_ALERT * 5]


# --- calls for partners ----------------------------------------------------------------------------


class CallSearch(SearchKind):
    key = "appels"
    label = "Appels à partenaires"
    url_name = "calls:list"
    form = "alliances.partnerships.forms.CallFilterForm"
    fields = ("territoire", "theme", "odd", "avant")

    def territory(self, parsed) -> Territory | None:
        return parsed.cleaned_data.get("territoire")

    def describe(self, parsed) -> str:
        data = parsed.cleaned_data
        return _with_words(
            [
                _territory_words(data.get("territoire")),
                _choice(parsed, "theme"),
                f"ODD {data['odd']}" if data.get("odd") else "",
                f"se terminant au plus tard le {data['avant']:%d/%m/%Y}" if data.get("avant") else "",
            ]
        )

    def fresh(self, *, since: datetime, until: datetime) -> Any:
        from alliances.partnerships.models import Alliance

        return Alliance.objects.open_calls().filter(call_opened_at__gt=since, call_opened_at__lte=until).exists()

    def new_items(self, parsed, *, since: datetime, until: datetime, fresh: Any = True) -> list[Item]:
        from alliances.partnerships.selectors import open_calls

        # A call is new when it appeared on the list (`call_opened_at`), not each time it is edited;
        # one closed again before the digest is not announced (the page would not list it).
        calls = (
            open_calls(parsed.to_filters())
            .filter(call_opened_at__gt=since, call_opened_at__lte=until)
            .order_by("-call_opened_at", "-pk")
        )
        return [
            Item(
                key=f"appels:{a.pk}",
                title=a.title,
                url=a.get_absolute_url(),
                at=a.call_opened_at,
                detail=f"{a.territory.name} · {_deadline_words(a.call_deadline)}",
            )
            for a in calls[: ITEMS_PER_ALERT * 5]
            if a.call_opened_at is not None
        ]


def _deadline_words(deadline: date | None) -> str:
    return f"réponse attendue au plus tard le {deadline:%d/%m/%Y}" if deadline else "sans date limite"


DIRECTORY = register(DirectorySearch())
register(NeedSearch())
register(PracticeSearch())
register(EventSearch())
register(CatalystSearch())
register(CallSearch())


def territory_searches(territory: Territory) -> list[tuple[str, str, str]]:
    """What following a territory watches, as saved searches: (page, query string, heading)."""
    searches = [
        ("acteurs", urlencode({"territoire": territory.ref}), "Nouvelles organisations"),
        ("catalyseurs", urlencode({"territoire": territory.ref}), "Catalyseurs qui y interviennent"),
    ]
    region = (
        territory.code
        if territory.kind == "region"
        else (territory.region.code if territory.region is not None else "")
    )
    if region:
        searches.append(("pratiques", urlencode({"region": region}), "Pratiques publiées dans la région"))
    return searches
