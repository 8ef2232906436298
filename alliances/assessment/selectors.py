"""Reads of the self-assessment: current referential, results, comparisons, peer benchmark."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from django.db.models import QuerySet

from alliances.assessment.models import Answer, Assessment, Participant, Referential
from alliances.assessment.scoring import Results, compute_results
from alliances.territories.models import Territory

# Peers are shown only from this many other territories, each brought by a different account: a
# median of fewer could reveal one territory's answers (docs/securite.md, "Médianes des pairs").
PEER_MINIMUM = 5
# Until members of a territory are verified, an assessment counts among peers only if the account
# that started it was at least this old when it was completed: throw-away accounts cannot pin a median.
PEER_ACCOUNT_MIN_AGE = timedelta(days=30)
# Peer medians are shown rounded to this many points (of 100).
PEER_ROUNDING = 5
# Population bands used to find comparable territories (lower bound included).
POPULATION_BANDS = (
    (0, 500, "moins de 500 habitants"),
    (500, 2_000, "de 500 à 1 999 habitants"),
    (2_000, 10_000, "de 2 000 à 9 999 habitants"),
    (10_000, 50_000, "de 10 000 à 49 999 habitants"),
    (50_000, None, "50 000 habitants et plus"),
)


def referential_current() -> Referential:
    """The latest referential version; loads the files shipped with the app when none is stored."""
    referential = Referential.objects.order_by("-version").first()
    if referential is None:
        from alliances.assessment.services import referential_load

        referential_load()
        referential = Referential.objects.order_by("-version").first()
    assert referential is not None
    return referential


def completed_answers(assessment: Assessment) -> dict[int, dict[str, int | None]]:
    """Answers of the participants who finished, by participant id."""
    answers: dict[int, dict[str, int | None]] = defaultdict(dict)
    rows = Answer.objects.filter(
        participant__assessment=assessment, participant__completed_at__isnull=False
    ).values_list("participant_id", "question_id", "level")
    for participant_id, question_id, level in rows:
        answers[participant_id][question_id] = level
    return dict(answers)


def assessment_results(assessment: Assessment) -> Results:
    return compute_results(assessment.referential.parsed, completed_answers(assessment))


def participant_answers(participant: Participant) -> dict[str, int | None]:
    return dict(participant.answers.values_list("question_id", "level"))


def participant_of(assessment: Assessment, user) -> Participant | None:
    if not user.is_authenticated:
        return None
    return assessment.participants.filter(user=user).first()


def assessments_of_user(user) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(participants__user=user)
        .select_related("territory", "territory__departement", "referential")
        .order_by("-created_at")
        .distinct()
    )


def alliance_assessments_to_join(user) -> QuerySet[Assessment]:
    """Group assessments of the user's alliances that they have not joined yet."""
    return (
        Assessment.objects.filter(alliance__memberships__user=user, alliance__deleted_at__isnull=True)
        .exclude(participants__user=user)
        .select_related("territory", "alliance")
        .order_by("-created_at")
        .distinct()[:20]
    )


def latest_for_territory(territory: Territory, user) -> Assessment | None:
    """The most recent completed assessment of a territory that the user may see."""
    return (
        Assessment.objects.completed()
        .visible_to(user)
        .filter(territory=territory)
        .select_related("referential")
        .order_by("-completed_at")
        .first()
    )


@dataclass(frozen=True)
class AxisProgress:
    slug: str
    title: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 1)


@dataclass(frozen=True)
class Comparison:
    previous: Assessment
    axes: list[AxisProgress]

    @property
    def progressed(self) -> list[AxisProgress]:
        return [a for a in self.axes if a.delta is not None and a.delta > 0]

    @property
    def regressed(self) -> list[AxisProgress]:
        return [a for a in self.axes if a.delta is not None and a.delta < 0]


def previous_assessments(assessment: Assessment, user) -> list[Assessment]:
    """Earlier completed assessments of the same territory that the user may see, latest first."""
    return list(
        Assessment.objects.completed()
        .visible_to(user)
        .filter(territory_id=assessment.territory_id, created_at__lt=assessment.created_at)
        .exclude(pk=assessment.pk)
        .order_by("-created_at")[:5]
    )


def comparison_with(assessment: Assessment, previous: Assessment) -> Comparison:
    """Axis by axis, what moved since a previous assessment (axes are matched by slug across versions)."""
    referential = assessment.referential.parsed
    return Comparison(
        previous=previous,
        axes=[
            AxisProgress(
                slug=axis.slug,
                title=axis.title,
                before=previous.scores.get(axis.slug),
                after=assessment.scores.get(axis.slug),
            )
            for axis in referential.axes
        ],
    )


def population_band(population: int | None) -> tuple[int, int | None, str] | None:
    if population is None:
        return None
    for low, high, label in POPULATION_BANDS:
        if population >= low and (high is None or population < high):
            return low, high, label
    return None


@dataclass(frozen=True)
class PeerBenchmark:
    label: str
    territories: int
    medians: dict[str, float]


def _peer_rounded(value: float) -> float:
    return float(PEER_ROUNDING * round(value / PEER_ROUNDING))


def _counted_peers(peers: QuerySet[Assessment], *, excluded_accounts: set[int]) -> dict[int, dict[str, float]]:
    """The scores each peer territory brings to a benchmark: {territory id: scores}.

    - an assessment counts only if its account was PEER_ACCOUNT_MIN_AGE old at completion (demo ones
      are the operator's) and is not one of `excluded_accounts` (those of the assessment compared);
    - a territory's value is its first counted assessment, replaced only by a later one started by
      the territory's own people, i.e. the participants of its assessments counted so far: an outsider
      does not overwrite a territory's results for everyone's benchmark;
    - an account brings one territory only (its latest), so that no account weighs twice.
    """
    rows = list(
        peers.filter(created_by__isnull=False)
        .order_by("completed_at", "pk")
        .values_list(
            "pk", "territory_id", "created_by_id", "created_by__date_joined", "completed_at", "is_demo", "scores"
        )
    )
    participants: dict[int, set[int]] = defaultdict(set)
    for assessment_id, user_id in Participant.objects.filter(assessment_id__in=[r[0] for r in rows]).values_list(
        "assessment_id", "user_id"
    ):
        participants[assessment_id].add(user_id)
    counted: dict[int, tuple[int, datetime, dict[str, float]]] = {}  # territory → (account, completed, scores)
    members: dict[int, set[int]] = defaultdict(set)
    for pk, territory_id, account, joined, completed_at, is_demo, scores in rows:
        if completed_at is None or account in excluded_accounts:
            continue
        if not is_demo and completed_at - joined < PEER_ACCOUNT_MIN_AGE:
            continue
        if territory_id in counted and account not in members[territory_id]:
            continue
        counted[territory_id] = (account, completed_at, scores)
        members[territory_id] |= participants[pk] | {account}
    by_account: dict[int, tuple[datetime, int, dict[str, float]]] = {}
    for territory_id, (account, completed_at, scores) in counted.items():
        if account not in by_account or completed_at > by_account[account][0]:
            by_account[account] = (completed_at, territory_id, scores)
    return {territory_id: scores for _, territory_id, scores in by_account.values()}


def peer_benchmark(assessment: Assessment) -> PeerBenchmark | None:
    """Per axis, the median of comparable territories' assessments, rounded to PEER_ROUNDING points.

    Comparable: same kind, same région, same population band, as real (or as fictitious) as this one;
    the territory itself and its participants' own assessments left out; see `_counted_peers` for which
    assessment stands for each territory. Nothing is returned under PEER_MINIMUM territories, so that
    no single territory shows through.
    """
    territory = assessment.territory
    band = population_band(territory.population)
    if band is None or territory.region_id is None:
        return None
    low, high, band_label = band
    peers = (
        Assessment.objects.completed()
        .filter(
            territory__kind=territory.kind,
            territory__region_id=territory.region_id,
            territory__population__gte=low,
            is_demo=assessment.is_demo,
        )
        .exclude(territory_id=territory.pk)
    )
    if high is not None:
        peers = peers.filter(territory__population__lt=high)
    own = set(assessment.participants.values_list("user_id", flat=True))
    if assessment.created_by_id is not None:
        own.add(assessment.created_by_id)
    latest = _counted_peers(peers, excluded_accounts=own)
    if len(latest) < PEER_MINIMUM:
        return None
    medians = {}
    for axis in assessment.referential.parsed.axes:
        values = [scores[axis.slug] for scores in latest.values() if axis.slug in scores]
        if len(values) >= PEER_MINIMUM:
            medians[axis.slug] = _peer_rounded(median(values))
    region = Territory.objects.filter(pk=territory.region_id).values_list("name", flat=True).first()
    kind = {"commune": "communes", "epci": "intercommunalités"}.get(territory.kind, territory.kind)
    return PeerBenchmark(label=f"{kind} de {band_label} en {region}", territories=len(latest), medians=medians)
