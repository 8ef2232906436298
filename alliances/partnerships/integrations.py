"""Links to the other apps (actors directory, practices, catalysts), each optional: the alliance
works on its own and uses them when they are installed."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.db import transaction

from alliances.core.fields import RICH_TEXT_MAX_LENGTH
from alliances.core.numbers import format_french
from alliances.partnerships import perms
from alliances.partnerships.models import (
    ActorTarget,
    Alliance,
    Commitment,
    Indicator,
    Invitation,
    Membership,
)


def _available(module: str, name: str) -> bool:
    try:
        return find_spec(module) is not None and hasattr(import_module(module), name)
    except ImportError:
        return False


def practices_available() -> bool:
    return _available("alliances.practices.services", "practice_create_draft_from")


def _sdg_numbers(alliance: Alliance) -> set[int]:
    """The alliance's SDG numbers, read once per request (three suggestion lists use them)."""
    if "_sdg_numbers" not in alliance.__dict__:
        alliance.__dict__["_sdg_numbers"] = set(alliance.sdgs.values_list("number", flat=True))
    return alliance.__dict__["_sdg_numbers"]


@dataclass
class Suggestion:
    name: str
    url: str
    detail: str = ""
    reason: str = ""
    organisation_id: int | None = None


def _suggestion_scope(alliance: Alliance):
    """Where partners are looked for: the commune's intercommunality (a commune alone is often too small)."""
    territory = alliance.territory
    if territory.kind == "commune" and territory.epci_id:
        return territory.epci
    return territory


def organisations_suggested(alliance: Alliance, *, limit: int = 8) -> list[Suggestion]:
    """Active organisations of the territory sharing the most SDGs with the alliance (their themes
    give their SDGs, see docs/actors.md), not yet members nor on the actors map."""
    if not _available("alliances.actors.models", "Organisation"):
        return []
    from django.db.models import Count, Prefetch, Q

    from alliances.actors.models import Organisation
    from alliances.sdg.models import Sdg

    sdgs = _sdg_numbers(alliance)
    # SDG 17 (partnerships) is every alliance's: it says nothing about who fits this one.
    wanted = sorted(sdgs - {17}) or sorted(sdgs)
    if not wanted:
        return []
    taken_ids, taken_names = _taken(alliance)
    queryset = (
        Organisation.objects.active()
        .in_territory(_suggestion_scope(alliance))
        .annotate(shared=Count("sdgs", filter=Q(sdgs__number__in=wanted)))
        .filter(shared__gt=0)
        .exclude(pk__in=taken_ids)
        .select_related("commune")
        .prefetch_related(Prefetch("sdgs", queryset=Sdg.objects.filter(number__in=wanted), to_attr="shared_sdgs"))
        .order_by("-shared", "name")
    )
    suggestions = []
    for organisation in queryset[: limit * 2]:
        if organisation.name in taken_names:
            continue
        commune = organisation.commune.name if organisation.commune else ""
        numbers = ", ".join(str(s.number) for s in organisation.shared_sdgs)
        suggestions.append(
            Suggestion(
                organisation.name,
                organisation.get_absolute_url(),
                f"{organisation.get_kind_display()}{', ' + commune if commune else ''}",
                reason=f"ODD en commun : {numbers}",
                organisation_id=organisation.pk,
            )
        )
        if len(suggestions) == limit:
            break
    return suggestions


def _taken(alliance: Alliance) -> tuple[set[int], set[str]]:
    """The directory ids and names of the organisations already in the alliance or on its actors map."""
    taken = [
        *Membership.objects.filter(alliance=alliance).values_list("organisation_id", "organisation_name"),
        *ActorTarget.objects.filter(alliance=alliance).values_list("organisation_id", "name"),
        (alliance.lead_organisation_id, alliance.lead_organisation_name),
    ]
    return {pk for pk, _ in taken if pk is not None}, {name for _, name in taken}


def organisations_for_need(alliance: Alliance, data=None, *, limit: int = 8) -> dict[str, Any]:
    """« Décrivez votre besoin » in the mobiliser step: the alliance's problem (or the need typed in
    `data`, the page's GET) searched around its territory (actors' search by need), without the
    organisations already involved. Returns the form and the suggestions for the template."""
    if not _available("alliances.actors.need", "organisations_by_need"):
        return {}
    from alliances.actors.forms import NeedSearchForm
    from alliances.actors.need import need_scope, organisations_by_need

    initial = {"besoin": alliance.problem.strip()[:500], "territoire": alliance.territory}
    form = NeedSearchForm(data if data and data.get("besoin") else None, initial=initial)
    if form.is_bound:
        if not form.is_valid():
            return {"need_form": form, "need_suggestions": None}
        text, territory = form.cleaned_data["besoin"], form.cleaned_data["territoire"]
    else:
        text, territory = initial["besoin"], alliance.territory
    if not text:
        return {"need_form": form, "need_suggestions": None}
    found = organisations_by_need(need=text, territory=need_scope(territory), origin=territory, limit=limit * 2)
    taken_ids, taken_names = _taken(alliance)
    suggestions = [
        Suggestion(
            match.organisation.name,
            match.organisation.get_absolute_url(),
            match.organisation.get_kind_display(),
            reason=match.reason,
            organisation_id=match.organisation.pk,
        )
        for match in found.matches
        if match.organisation.pk not in taken_ids and match.organisation.name not in taken_names
    ]
    return {"need_form": form, "need_suggestions": suggestions[:limit], "need_text": text}


@dataclass
class CatalystSuggestion:
    profile: object
    reason: str
    state: str = ""  # "membre", "invite" or ""


def catalysts_suggested(alliance: Alliance, *, limit: int = 5) -> list[CatalystSuggestion]:
    """Catalysts acting near the alliance's territory (the catalysts' finder), those sharing its
    fragilities or SDGs first; each says whether they already are a member or invited."""
    if not _available("alliances.catalysts.selectors", "catalysts_find"):
        return []
    from alliances.catalysts.enums import Theme
    from alliances.catalysts.selectors import FinderCriteria, catalysts_find
    from alliances.partnerships.enums import CATALYST_THEME_OF_FRAGILITY

    themes = {CATALYST_THEME_OF_FRAGILITY[f] for f in alliance.fragilities if f in CATALYST_THEME_OF_FRAGILITY}
    sdgs = _sdg_numbers(alliance) - {17}
    results = catalysts_find(FinderCriteria(territory=alliance.territory))

    def shared(result) -> list[str]:
        common = [str(Theme(t).label) for t in result.profile.themes if t in themes and t in Theme.values]
        return common + [f"ODD {s.number}" for s in result.profile.sdgs.all() if s.number in sdgs]

    scored = [(r, shared(r)) for r in results]
    scored.sort(key=lambda pair: (pair[0].profile.is_unavailable, pair[0].level, -len(pair[1])))
    scored = scored[:limit]
    if not scored:
        return []
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    user_ids = {r.profile.user_id for r, _ in scored}
    members = set(Membership.objects.filter(alliance=alliance, user_id__in=user_ids).values_list("user_id", flat=True))
    emails = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "email"))
    invited = set(
        Invitation.objects.filter(
            alliance=alliance, accepted_at__isnull=True, expires_at__gt=timezone.now(), email__in=list(emails.values())
        ).values_list("email", flat=True)
    )
    suggestions = []
    for result, common in scored:
        user_id = result.profile.user_id
        state = "membre" if user_id in members else "invite" if emails.get(user_id) in invited else ""
        reason = result.reason + (f" · en commun : {', '.join(common)}" if common else "")
        suggestions.append(CatalystSuggestion(result.profile, reason, state))
    return suggestions


def practices_suggested(alliance: Alliance, step: str, *, limit: int = 3) -> list:
    """Published practices tagged with the alliance's fragilities or SDGs (practices' faceted search),
    the most shared tags first; at "co-construire" those of the same form of co-construction and at
    "évaluer" finished ones come first. Returns [(practice, reason)]."""
    if not _available("alliances.practices.selectors", "practices_search"):
        return []
    from alliances.practices.selectors import practices_search

    sdgs = sorted(_sdg_numbers(alliance) - {17})
    wanted = [("fragilite", f, 2) for f in alliance.fragilities[:3]] + [("odd", str(n), 1) for n in sdgs[:3]]
    if not wanted:
        return []
    extra = {
        "co-construire": {"forme": [_PRACTICE_FORMS.get(alliance.form, "")]},
        "evaluer": {"etape": ["terminee"]},
    }.get(step, {})

    def collect(extra_filters: dict) -> dict[int, tuple]:
        found: dict[int, tuple] = {}
        for facet, value, weight in wanted:
            page = practices_search(
                filters={facet: [value], **extra_filters}, limit=limit * 2, with_facets=False, with_count=False
            )
            label = f"ODD {value}" if facet == "odd" else _fragility_label(value)
            for practice in page.practices:
                _, score, reasons = found.get(practice.pk, (practice, 0, []))
                found[practice.pk] = (practice, score + weight, [*reasons, label])
        return found

    first = collect(extra) if extra else {}
    found = dict(first)
    if len(found) < limit:
        for pk, row in collect({}).items():
            found.setdefault(pk, row)
    ranked = sorted(found.values(), key=lambda row: (row[0].pk not in first, -row[1], -row[0].pk))[:limit]
    return [(practice, "En commun : " + ", ".join(reasons)) for practice, _, reasons in ranked]


@dataclass
class PortraitFinding:
    code: str
    kind: str  # "fragilite" or "atout", the values of DiagnosticKind
    label: str
    sentence: str
    added: bool = False


def portrait_findings(alliance: Alliance) -> list[PortraitFinding]:
    """Fragilités and atouts the territory's portrait detects (indicators app), each saying
    whether it is already in the alliance's shared diagnostic."""
    if not _available("alliances.indicators.selectors", "territory_fragilities"):
        return []
    from alliances.indicators.selectors import territory_fragilities
    from alliances.partnerships.models import DiagnosticItem

    texts = set(DiagnosticItem.objects.filter(alliance=alliance).values_list("text", flat=True))
    return [
        PortraitFinding(f.code, f.kind, f.label, f.sentence, f.sentence in texts)
        for f in territory_fragilities(alliance.territory)
    ]


def _fragility_label(value: str) -> str:
    from alliances.partnerships.enums import Fragility

    return Fragility(value).label.lower() if value in Fragility.values else value


# The practices' vocabulary for the three forms of co-construction.
_PRACTICE_FORMS = {
    "dialogue": "dialogue-territorial",
    "partenariat": "partenariat",
    "experimentation": "experimentation-collective",
}


def _lead_role() -> str:
    from alliances.practices.enums import PartnerRole

    return PartnerRole.LEAD


def _partner_role(alliance: Alliance, membership: Membership) -> str:
    from alliances.practices.enums import PartnerRole

    if membership.organisation_name == alliance.lead_organisation_name:
        return PartnerRole.LEAD
    if membership.role == "accompagnateur":
        return PartnerRole.CATALYST
    if Commitment.objects.filter(
        alliance=alliance, organisation_name=membership.organisation_name, kind="financier"
    ).exists():
        return PartnerRole.FUNDER
    return PartnerRole.OTHER


def practice_draft_from_alliance(*, alliance: Alliance, by):
    """Pre-fill a practice draft from the alliance (problem, partners, commitments, results)."""
    from alliances.practices.services import practice_create_draft_from

    perms.require(by, alliance, perms.can_manage)

    commitments = Commitment.objects.filter(alliance=alliance)
    actions = "\n".join([alliance.objectives.strip(), ""] if alliance.objectives.strip() else []) + "\n".join(
        f"- {c.organisation_name} ({c.get_kind_display().lower()}) : {c.description}" for c in commitments
    )
    results = []
    for indicator in Indicator.objects.filter(alliance=alliance).prefetch_related("measurements"):
        measures = list(indicator.measurements.all())
        if measures:
            last = measures[-1]
            start = f"de {format_french(indicator.baseline)} " if indicator.baseline is not None else ""
            results.append(
                f"- {indicator.name} : {start}à {format_french(last.value)} {indicator.unit} au {last.date:%d/%m/%Y} (source : {last.source})"
            )
    if alliance.evaluation.strip():
        results.insert(0, alliance.evaluation.strip())
    members = Membership.objects.filter(alliance=alliance).select_related("organisation").order_by("created_at")
    # The lead organisation first; each partner links to the directory when the alliance does.
    partners = [
        {"name": alliance.lead_organisation_name, "role": _lead_role(), "organisation": alliance.lead_organisation}
    ]
    seen = {alliance.lead_organisation_name}
    for membership in members:
        if membership.organisation_name in seen or membership.role == "observateur":
            continue
        seen.add(membership.organisation_name)
        partners.append(
            {
                "name": membership.organisation_name,
                "role": _partner_role(alliance, membership),
                "organisation": membership.organisation,
            }
        )
    summary = (
        f"{alliance.title} : une alliance de {len(partners)} partenaire{'s' if len(partners) > 1 else ''} "
        f"à {alliance.territory.name} pour répondre à ce problème : {alliance.problem}"
    )[:500]
    with transaction.atomic():
        practice = practice_create_draft_from(
            title=alliance.title,
            summary=summary,
            problem=alliance.problem,
            # Composed from several texts of the alliance: cut at the practice's limit (the contributor edits it).
            actions=actions.strip()[:RICH_TEXT_MAX_LENGTH],
            results="\n".join(results)[:RICH_TEXT_MAX_LENGTH],
            territories=[alliance.territory],
            sdgs=list(alliance.sdgs.all()),
            partners=partners,
            contributor=by,
            source_alliance_id=alliance.pk,
        )
        from alliances.practices.services import practice_save_draft

        extra: dict[str, Any] = {
            "fragilities": list(alliance.fragilities),
            "sdg_targets": alliance.sdg_targets,
            "form": _PRACTICE_FORMS.get(alliance.form, ""),
        }
        if alliance.start_date:
            extra["started_on"] = alliance.start_date
        practice = practice_save_draft(practice=practice, by=by, fields=extra)
        Alliance.objects.filter(pk=alliance.pk).update(practice_id=practice.pk)
    return practice


def _departement_of(territory):
    if territory is None:
        return None
    if territory.kind in ("departement", "region"):
        return territory
    return territory.departement if territory.departement_id else territory


def organisation_candidates(text: str, *, territory=None, limit: int = 8) -> list:
    """Active organisations of the directory whose name matches `text`: those of the alliance's
    département first (the full-text index of the actors app), then the rest of the country."""
    text = (text or "").strip()
    if len(text) < 2:
        return []
    from alliances.actors.selectors import DirectoryFilters, organisations_search

    found: list = []
    scopes = [_departement_of(territory), None] if territory is not None else [None]
    for scope in scopes:
        results = organisations_search(DirectoryFilters(q=text, territory=scope, active_only=True))
        for organisation in results[: limit * 2]:
            if organisation.pk not in {o.pk for o in found}:
                found.append(organisation)
            if len(found) == limit:
                return found
    return found


def organisation_label(organisation) -> str:
    """How an organisation reads in a picker: its name, kind and commune."""
    place = f", {organisation.commune.name}" if organisation.commune_id else ""
    return f"{organisation.name} — {organisation.get_kind_display()}{place}"


def verified_organisations(user) -> list:
    """The organisations of the directory the user speaks for (link verified), for "au titre de"."""
    if not _available("alliances.actors.selectors", "verified_organisations"):
        return []
    from alliances.actors.selectors import verified_organisations as verified

    return verified(user)
