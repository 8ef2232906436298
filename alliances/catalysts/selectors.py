"""Reads of the catalysts' network: the finder (ranked by closeness, then by match), the
network's counts by région and département, the catalyst's space."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from alliances.catalysts.enums import Availability, Metier, ProfileStatus, Theme
from alliances.catalysts.geography import (
    distance_km,
    neighbours_of,
    of_departement,
    territory_phrase,
)
from alliances.catalysts.models import CatalystProfile, ContactRequest
from alliances.core.search import search_documents
from alliances.core.search.need import NeedDocument, need_ranking, quoted, reason_parts
from alliances.core.text import normalize
from alliances.territories.enums import TerritoryKind
from alliances.territories.models import Territory

# Geographic closeness, best first. A catalyst takes the best level among their territories.
HERE, EPCI, DEPARTEMENT, REGION, NEIGHBOUR, ELSEWHERE = range(6)
# Beyond the table of neighbouring départements, a commune this close (when both have
# coordinates) still counts as a neighbour.
NEAR_KM = 30.0

Through = CatalystProfile.territories.through


@dataclass(frozen=True)
class FinderCriteria:
    territory: Territory | None = None
    metier: str = ""
    theme: str = ""
    sdg: int | None = None
    available_only: bool = False

    @property
    def wanted(self) -> bool:
        return bool(self.metier or self.theme or self.sdg)


@dataclass
class FinderResult:
    profile: CatalystProfile
    level: int = ELSEWHERE
    place: str = ""  # « intervient sur le département de la Lozère »
    matched: list[str] = field(default_factory=list)
    distance: float | None = None
    need_reason: str = ""  # with a need: its words and themes that match (see catalysts_by_need)
    need_score: float = 0.0

    @property
    def reason(self) -> str:
        parts = [self.place] if self.place else []
        parts += [self.need_reason] if self.need_reason else self.matched
        if self.profile.availability == Availability.LIMITED:
            parts.append("disponibilité limitée")
        elif self.profile.availability == Availability.UNAVAILABLE:
            parts.append("pas disponible en ce moment")
        return " · ".join(parts)

    def closeness(self) -> tuple[int, float]:
        return (self.level, self.distance if self.distance is not None else float("inf"))


@dataclass
class _Target:
    """The territory searched from, with the ids of its ancestors and neighbours."""

    territory: Territory
    epci_id: int | None
    departement: Territory | None
    region_id: int | None
    neighbours: dict[int, Territory]
    point: tuple[float, float] | None

    @classmethod
    def of(cls, territory: Territory) -> _Target:
        kind = territory.kind
        departement = territory if kind == TerritoryKind.DEPARTEMENT else territory.departement
        region_id = territory.pk if kind == TerritoryKind.REGION else territory.region_id
        neighbours: dict[int, Territory] = {}
        if departement is not None:
            codes = neighbours_of(departement.code)
            neighbours = {t.pk: t for t in Territory.objects.departements().filter(code__in=codes)}
        point = (territory.latitude, territory.longitude) if territory.latitude is not None else None
        return cls(
            territory=territory,
            epci_id=territory.pk if kind == TerritoryKind.EPCI else territory.epci_id,
            departement=departement,
            region_id=region_id,
            neighbours=neighbours,
            point=point,  # type: ignore[arg-type]
        )

    def level_of(self, row: Mapping[str, Any]) -> tuple[int, str, float | None]:
        """Closeness of one territory where a catalyst acts, with the phrase explaining it."""
        target = self.territory
        kind, tid = row["territory__kind"], row["territory_id"]
        phrase = territory_phrase(kind, row["territory__code"], row["territory__name"])
        dep_id = tid if kind == TerritoryKind.DEPARTEMENT else row["territory__departement_id"]
        distance = None
        if self.point and row["territory__latitude"] is not None:
            distance = distance_km(self.point, (row["territory__latitude"], row["territory__longitude"]))
        if tid == target.pk:
            return HERE, f"intervient sur {phrase}", distance
        if self.epci_id and (tid == self.epci_id or row["territory__epci_id"] == self.epci_id):
            level = HERE if target.kind == TerritoryKind.EPCI else EPCI
            suffix = "" if tid == self.epci_id else ", dans la même intercommunalité"
            return level, f"intervient sur {phrase}{suffix}", distance
        if self.departement is not None and dep_id == self.departement.pk:
            if tid == self.departement.pk:
                return DEPARTEMENT, f"intervient sur {phrase}", distance
            name = of_departement(self.departement.code, self.departement.name)
            return DEPARTEMENT, f"intervient sur {phrase}, dans le département {name}", distance
        if self.region_id and tid == self.region_id:
            return REGION, f"intervient sur {phrase}", distance
        if dep_id in self.neighbours and self.departement is not None:
            own = of_departement(self.departement.code, self.departement.name)
            if kind == TerritoryKind.DEPARTEMENT:
                text = f"intervient sur {phrase}, voisin {own}"
            else:
                neighbour = self.neighbours[dep_id]
                text = f"intervient sur {phrase}, dans le département voisin {of_departement(neighbour.code, neighbour.name)}"
            level = REGION if row["territory__region_id"] == self.region_id else NEIGHBOUR
            return level, text, distance
        if self.region_id and row["territory__region_id"] == self.region_id:
            return REGION, f"intervient sur {phrase}, dans la même région", distance
        if distance is not None and distance <= NEAR_KM:
            return NEIGHBOUR, f"intervient sur {phrase}, à {distance:.0f} km", distance
        return ELSEWHERE, f"intervient sur {phrase}", distance


def _criteria_filter(criteria: FinderCriteria) -> Q:
    wanted = Q()
    if criteria.metier:
        wanted |= Q(metiers__contains=f",{criteria.metier},")
    if criteria.theme:
        wanted |= Q(themes__contains=f",{criteria.theme},")
    if criteria.sdg:
        wanted |= Q(
            Exists(CatalystProfile.sdgs.through.objects.filter(catalystprofile_id=OuterRef("pk"), sdg_id=criteria.sdg))
        )
    return wanted


def _matched(profile: CatalystProfile, criteria: FinderCriteria) -> list[str]:
    """Labels of what the profile has among what was asked; else a short summary of the profile."""
    if not criteria.wanted:
        return profile.metier_labels()[:1] + profile.theme_labels()[:2]
    matched = []
    if criteria.metier and criteria.metier in profile.metiers:
        matched.append(str(Metier(criteria.metier).label))
    if criteria.theme and criteria.theme in profile.themes:
        matched.append(str(Theme(criteria.theme).label))
    if criteria.sdg and any(s.number == criteria.sdg for s in profile.sdgs.all()):
        matched.append(f"ODD {criteria.sdg}")
    return matched


def catalysts_find(criteria: FinderCriteria, *, include_far: bool = False) -> list[FinderResult]:
    """Visible catalysts ranked: available first, then by closeness to the territory, then by
    how many of the asked métier/theme/SDG they have; each with its reason line.

    With a territory, only catalysts acting near it are returned unless `include_far`.
    """
    profiles = CatalystProfile.objects.visible()
    if criteria.wanted:
        profiles = profiles.filter(_criteria_filter(criteria))
    if criteria.available_only:
        profiles = profiles.exclude(availability=Availability.UNAVAILABLE)
    target = _Target.of(criteria.territory) if criteria.territory is not None else None
    if target is None:
        return sorted(
            (FinderResult(profile=p, matched=_matched(p, criteria)) for p in profiles.prefetch_related("sdgs")),
            key=lambda r: _rank(r, criteria),
        )
    # Where each candidate acts, then how close each place is, in Python: the network is a few
    # hundred catalysts on a few hundred distinct territories. Filtering in SQL on "this territory,
    # or in its EPCI, département, région or a neighbour" is an OR across the join with the
    # referential, which PostgreSQL answered by hashing all 39,000 territories (13 ms a search,
    # nationally); this join reads each place once by its key.
    links = Through.objects.filter(catalystprofile_id__in=profiles.values("pk")).values(
        "catalystprofile_id",
        "territory_id",
        "territory__kind",
        "territory__code",
        "territory__name",
        "territory__departement_id",
        "territory__region_id",
        "territory__epci_id",
        "territory__latitude",
        "territory__longitude",
    )
    places: dict[int, tuple[int, float, str, float | None]] = {}  # territory → closeness, phrase, km
    closest: dict[int, tuple[int, float, str, float | None]] = {}  # catalyst → its closest place
    for row in links:
        place = places.get(row["territory_id"])
        if place is None:
            level, phrase, distance = target.level_of(row)
            place = places[row["territory_id"]] = (
                level,
                float("inf") if distance is None else distance,
                phrase,
                distance,
            )
        best = closest.get(row["catalystprofile_id"])
        if best is None or place[:2] < best[:2]:
            closest[row["catalystprofile_id"]] = place
    wanted = [pk for pk, place in closest.items() if include_far or place[0] < ELSEWHERE]
    results = []
    for profile in profiles.filter(pk__in=wanted).prefetch_related("sdgs"):
        level, _, phrase, distance = closest[profile.pk]
        results.append(
            FinderResult(
                profile=profile, matched=_matched(profile, criteria), level=level, place=phrase, distance=distance
            )
        )
    if include_far:  # those acting nowhere in particular come last
        results += [
            FinderResult(profile=p, matched=_matched(p, criteria))
            for p in profiles.exclude(pk__in=list(closest)).prefetch_related("sdgs")
        ]
    return sorted(results, key=lambda r: _rank(r, criteria))


def _rank(result: FinderResult, criteria: FinderCriteria) -> tuple:
    return (
        result.profile.availability == Availability.UNAVAILABLE,
        result.level,
        -len(result.matched) if criteria.wanted else 0,
        result.closeness()[1],
        normalize(result.profile.name),
    )


def catalysts_by_need(need: str, criteria: FinderCriteria, *, limit: int | None = None) -> list[FinderResult]:
    """The finder's catalysts whose presentation, experience, themes or trades answer `need`
    (alliances.core.search.need): available first, then by closeness, then by relevance; each
    reason says where they act and what matches."""
    results = catalysts_find(criteria)
    documents = [
        NeedDocument(
            id=r.profile.pk,
            title=r.profile.organisation_name,
            text=f"{r.profile.bio} {r.profile.experience}",
            labels=tuple(r.profile.theme_labels() + r.profile.metier_labels()),
        )
        for r in results
    ]
    ranking = {found.id: found for found in need_ranking(need, documents, limit=len(documents)).results}
    kept = []
    for result in results:
        found = ranking.get(result.profile.pk)
        if found is None:
            continue
        parts = reason_parts(found, where="sa présentation")
        if found.labels:
            parts.append(("thème : " if len(found.labels) == 1 else "thèmes : ") + quoted(found.labels))
        result.need_reason, result.need_score = " ; ".join(parts), found.score
        kept.append(result)
    kept.sort(key=lambda r: (r.profile.is_unavailable, r.level, -r.need_score, normalize(r.profile.name)))
    return kept if limit is None else kept[:limit]


def catalyst_get_visible(pk: int) -> CatalystProfile:
    """A visible profile with what its page shows; raise CatalystProfile.DoesNotExist."""
    return CatalystProfile.objects.visible().prefetch_related("sdgs", "territories__departement").get(pk=pk)


def catalysts_text_search(query: str, *, limit: int = 8) -> list[CatalystProfile]:
    """Visible catalysts matching the query in the global search index, best first."""
    matches = search_documents(kind="catalyst", query=query, limit=limit * 2)
    profiles = CatalystProfile.objects.visible().in_bulk([m.object_id for m in matches])
    return [profiles[m.object_id] for m in matches if m.object_id in profiles][:limit]


@dataclass
class NetworkCount:
    territory: Territory
    count: int
    departements: list[NetworkCount] = field(default_factory=list)


def network_by_region() -> list[NetworkCount]:
    """How many visible catalysts act in each région and département (a catalyst counts once
    per département where they act: a whole région counts in each of its départements)."""
    rows = Through.objects.filter(catalystprofile__in=CatalystProfile.objects.visible()).values_list(
        "catalystprofile_id", "territory__kind", "territory_id", "territory__departement_id", "territory__region_id"
    )
    by_departement: dict[int, set[int]] = {}
    by_region: dict[int, set[int]] = {}
    region_wide: dict[int, set[int]] = {}
    for profile_id, kind, tid, dep_id, region_id in rows:
        if kind == TerritoryKind.REGION:
            region_wide.setdefault(tid, set()).add(profile_id)
            by_region.setdefault(tid, set()).add(profile_id)
            continue
        departement_id = tid if kind == TerritoryKind.DEPARTEMENT else dep_id
        if departement_id:
            by_departement.setdefault(departement_id, set()).add(profile_id)
        if region_id:
            by_region.setdefault(region_id, set()).add(profile_id)
    regions = Territory.objects.regions().filter(pk__in=list(by_region)).order_by("name")
    departements = Territory.objects.departements().filter(region__in=list(by_region)).order_by("code")
    deps_by_region: dict[int, list[Territory]] = {}
    for dep in departements:
        if dep.region_id is not None:  # always: filtered on its région
            deps_by_region.setdefault(dep.region_id, []).append(dep)
    result = []
    for region in regions:
        children = []
        for dep in deps_by_region.get(region.pk, []):
            count = len(by_departement.get(dep.pk, set()) | region_wide.get(region.pk, set()))
            if count:
                children.append(NetworkCount(territory=dep, count=count))
        result.append(NetworkCount(territory=region, count=len(by_region[region.pk]), departements=children))
    return result


def network_totals() -> Counter:
    visible = CatalystProfile.objects.visible()
    return Counter(visible.values_list("availability", flat=True))


def requests_received(profile: CatalystProfile) -> QuerySet[ContactRequest]:
    return profile.contact_requests.select_related("sender", "territory").order_by("status", "-created_at")


def requests_sent(user) -> QuerySet[ContactRequest]:
    return user.catalyst_requests_sent.select_related("catalyst", "territory")


def pending_profiles() -> QuerySet[CatalystProfile]:
    return CatalystProfile.objects.filter(status=ProfileStatus.PENDING).select_related("user").order_by("created_at")
