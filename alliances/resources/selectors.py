"""Reads of the resource centre, including the selectors other apps call.

For other apps (home page, alliances, portrait, self-assessment):

- `resources_for_step(step, *, limit=6)`: published resources tagged with a method step;
- `kits_for_fragilities(codes, *, limit=6)`: published kits answering one of these themes;
- `resources_for_axis(axis_slug, *, limit=6)`: published resources for a self-assessment axis;
- `upcoming_events(limit=3)`: the next published events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from alliances.core.text import normalize
from alliances.resources import search
from alliances.resources.enums import RegistrationStatus, ResourceKind
from alliances.resources.models import Event, Registration, Resource

PARIS = ZoneInfo("Europe/Paris")


def _rank_order(queryset: QuerySet, ids: list[int]) -> list:
    position = {pk: rank for rank, pk in enumerate(ids)}
    return sorted(queryset.filter(pk__in=ids), key=lambda obj: position[obj.pk])


def _fallback_filter(queryset: QuerySet, query: str) -> QuerySet:
    for word in normalize(query).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def _text_search(queryset: QuerySet, kind: str, query: str) -> QuerySet | list:
    ids = search.matching_ids(kind, query)
    if ids is None:
        return _fallback_filter(queryset, query)
    return _rank_order(queryset, ids)


def resources_search(
    *,
    query: str = "",
    kind: str = "",
    step: str = "",
    theme: str = "",
    sdg: int | None = None,
    since: date | None = None,
) -> QuerySet | list:
    """Published resources matching the filters; best match first when there is a query,
    otherwise the most recently published first."""
    queryset = Resource.objects.published().for_list()
    if kind:
        queryset = queryset.filter(kind=kind)
    if step:
        queryset = queryset.filter(steps__code=step)
    if theme:
        queryset = queryset.filter(themes__code=theme)
    if sdg:
        queryset = queryset.filter(sdgs__number=sdg)
    if since:
        queryset = queryset.filter(
            Q(resource_date__gte=since) | Q(resource_date__isnull=True, published_at__date__gte=since)
        )
    queryset = queryset.distinct()
    if query.strip():
        return _text_search(queryset, search.RESOURCE_KIND, query)
    return queryset.order_by("-published_at", "title")


def resource_get(slug: str, *, include_drafts: bool = False) -> Resource:
    """The resource with this slug (raises Resource.DoesNotExist); drafts only for previews."""
    queryset = Resource.objects.all() if include_drafts else Resource.objects.published()
    return queryset.prefetch_related(
        "steps", "themes", "axes", "sdgs", "links", "kit_steps__tools", "kit_steps__method_step"
    ).get(slug=slug)


def related_kits(resource: Resource, *, limit: int = 4) -> list[Resource]:
    """Kits chosen by the editor, completed by published kits sharing a theme or a step."""
    chosen = list(resource.related_kits.published().for_list().exclude(pk=resource.pk)[:limit])
    if len(chosen) >= limit:
        return chosen
    themes = [t.code for t in resource.themes.all()]
    steps = [s.code for s in resource.steps.all()]
    similar = (
        Resource.objects.published()
        .kits()
        .exclude(pk__in=[resource.pk, *(k.pk for k in chosen)])
        .filter(Q(themes__code__in=themes) | Q(steps__code__in=steps))
        .annotate(shared=Count("pk"))
        .order_by("-shared", "title")
        .distinct()
        .for_list()
    )
    return chosen + list(similar[: limit - len(chosen)])


def related_practices(resource: Resource, *, limit: int = 4) -> list:
    """Published inspiring practices on the resource's themes (the practices' fragility codes) and SDGs."""
    if not apps.is_installed("alliances.practices"):
        return []
    from alliances.practices.selectors import practices_for_topics

    return practices_for_topics(
        fragilities=[t.code for t in resource.themes.all()], sdgs=[s.pk for s in resource.sdgs.all()], limit=limit
    )


def resources_for_step(step: str, *, limit: int = 6) -> list[Resource]:
    """Published resources tagged with a method step (comprendre, mobiliser, co-construire,
    agir, evaluer-essaimer): kits first, then the most recent."""
    queryset = Resource.objects.published().filter(steps__code=step).distinct()
    return sorted(queryset.order_by("-published_at")[:limit], key=lambda r: r.kind != ResourceKind.KIT)


def kits_for_fragilities(codes: Iterable[str], *, limit: int = 6) -> list[Resource]:
    """Published kits answering at least one of these theme/fragility codes, those answering
    the most first."""
    codes = list(codes)
    if not codes:
        return []
    return list(
        Resource.objects.published()
        .kits()
        .filter(themes__code__in=codes)
        .annotate(matches=Count("themes"))
        .order_by("-matches", "title")[:limit]
    )


def resources_for_axis(axis_slug: str, *, limit: int = 6) -> list[Resource]:
    """Published resources recommended for a self-assessment axis (connaissance,
    mobilisation, gouvernance, experimentation, ressources, evaluation): kits first."""
    queryset = Resource.objects.published().filter(axes__slug=axis_slug).distinct()
    return sorted(queryset.order_by("-published_at")[:limit], key=lambda r: r.kind != ResourceKind.KIT)


def upcoming_events(limit: int = 3) -> list[Event]:
    """The next published events, soonest first (for the home page)."""
    return list(Event.objects.published().upcoming()[:limit])


def _paris_day_start(day: date) -> datetime:
    """Midnight of `day` in Paris, as an aware datetime the database can store: 1 January of year 1
    at midnight in Paris is still year 0 in UTC (OverflowError, a 500), so the first day is moved to
    the second, which changes nothing (no event starts before the year 2000)."""
    return datetime.combine(max(day, date.min + timedelta(days=1)), time.min, tzinfo=PARIS)


def events_list(
    *,
    after: date | None = None,
    before: date | None = None,
    query: str = "",
    kind: str = "",
    theme: str = "",
    sdg: int | None = None,
) -> QuerySet | list:
    """Published events from `after` (a day in Paris time; default: not finished yet)."""
    queryset = (
        Event.objects.published()
        .prefetch_related("sdgs")
        .annotate(confirmed_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)))
    )
    if after:
        queryset = queryset.filter(starts_at__gte=_paris_day_start(after)).order_by("starts_at")
    else:
        queryset = queryset.upcoming()
    if before and before < date.max:  # the last day of year 9999 bounds nothing
        queryset = queryset.filter(starts_at__lt=_paris_day_start(before + timedelta(days=1)))
    if kind:
        queryset = queryset.filter(kind=kind)
    if theme:
        queryset = queryset.filter(themes__code=theme).distinct()
    if sdg:
        queryset = queryset.filter(sdgs__number=sdg).distinct()
    if query.strip():
        return _text_search(queryset, search.EVENT_KIND, query)
    return queryset


def past_events_with_replay(*, limit: int = 10) -> list[Event]:
    return list(Event.objects.published().past().exclude(replay_url="")[:limit])


def event_get(slug: str, *, include_drafts: bool = False) -> Event:
    queryset = Event.objects.all() if include_drafts else Event.objects.published()
    return queryset.prefetch_related("sdgs", "themes").get(slug=slug)


@dataclass
class Places:
    capacity: int | None
    confirmed: int
    waiting: int

    @property
    def remaining(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed, 0)

    @property
    def is_full(self) -> bool:
        return self.remaining == 0


def event_places(event: Event) -> Places:
    counts = dict(event.registrations.active().values_list("status").annotate(n=Count("pk")))
    return Places(
        capacity=event.capacity,
        confirmed=counts.get(RegistrationStatus.CONFIRMED, 0),
        waiting=counts.get(RegistrationStatus.WAITING, 0),
    )


def registration_of(event: Event, user) -> Registration | None:
    """The user's live registration to this event, if any."""
    if not user.is_authenticated:
        return None
    return event.registrations.active().filter(user=user).first()


def waiting_rank(registration: Registration) -> int | None:
    """1 for the first on the waiting list."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    earlier = registration.event.registrations.waiting().filter(
        Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at, id__lt=registration.id)
    )
    return earlier.count() + 1


def user_upcoming_registrations(user) -> list[Registration]:
    now = timezone.now()
    return list(
        Registration.objects.active()
        .filter(user=user, event__starts_at__gte=now)
        .select_related("event")
        .order_by("event__starts_at")
    )
