"""Links to the other apps (actors directory, practices, catalysts), each optional: the alliance
works on its own and uses them when they are installed."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.db import transaction

from alliances.partnerships.charts import _fmt
from alliances.partnerships.models import Alliance, Commitment, Indicator, Membership


def _available(module: str, name: str) -> bool:
    try:
        return find_spec(module) is not None and hasattr(import_module(module), name)
    except ImportError:
        return False


def practices_available() -> bool:
    return _available("alliances.practices.services", "practice_create_draft_from")


@dataclass
class Suggestion:
    name: str
    url: str
    detail: str = ""


def organisations_suggested(alliance: Alliance, *, limit: int = 10) -> list[Suggestion]:
    """Organisations of the territory whose SDGs match the alliance's, not yet on the actors map."""
    if not _available("alliances.actors.models", "Organisation"):
        return []
    from alliances.actors.models import Organisation

    sdgs = list(alliance.sdgs.values_list("number", flat=True))
    taken = set(Membership.objects.filter(alliance=alliance).values_list("organisation_name", flat=True))
    queryset = Organisation.objects.active().in_territory(alliance.territory)
    if alliance.territory.kind == "commune" and alliance.territory.epci_id:
        queryset = Organisation.objects.active().in_territory(alliance.territory.epci)
    if sdgs:
        queryset = queryset.filter(sdgs__number__in=sdgs).distinct()
    suggestions = []
    for organisation in queryset.select_related("commune").order_by("name")[: limit * 2]:
        if organisation.name in taken:
            continue
        commune = organisation.commune.name if organisation.commune_id else ""
        suggestions.append(Suggestion(organisation.name, organisation.get_absolute_url(),
                                      f"{organisation.get_kind_display()}{', ' + commune if commune else ''}"))
        if len(suggestions) == limit:
            break
    return suggestions


# The practices' vocabulary for the three forms of co-construction.
_PRACTICE_FORMS = {"dialogue": "dialogue-territorial", "partenariat": "partenariat",
                   "experimentation": "experimentation-collective"}


def _lead_role() -> str:
    from alliances.practices.enums import PartnerRole

    return PartnerRole.LEAD


def _partner_role(alliance: Alliance, membership: Membership) -> str:
    from alliances.practices.enums import PartnerRole

    if membership.organisation_name == alliance.lead_organisation_name:
        return PartnerRole.LEAD
    if membership.role == "accompagnateur":
        return PartnerRole.CATALYST
    if Commitment.objects.filter(alliance=alliance, organisation_name=membership.organisation_name,
                                 kind="financier").exists():
        return PartnerRole.FUNDER
    return PartnerRole.OTHER


def practice_draft_from_alliance(*, alliance: Alliance, by):
    """Pre-fill a practice draft from the alliance (problem, partners, commitments, results)."""
    from alliances.practices.services import practice_create_draft_from

    commitments = Commitment.objects.filter(alliance=alliance)
    actions = "\n".join(
        [alliance.objectives.strip(), ""] if alliance.objectives.strip() else []
    ) + "\n".join(f"- {c.organisation_name} ({c.get_kind_display().lower()}) : {c.description}" for c in commitments)
    results = []
    for indicator in Indicator.objects.filter(alliance=alliance).prefetch_related("measurements"):
        measures = list(indicator.measurements.all())
        if measures:
            last = measures[-1]
            start = f"de {_fmt(indicator.baseline)} " if indicator.baseline is not None else ""
            results.append(f"- {indicator.name} : {start}à {_fmt(last.value)} {indicator.unit} au {last.date:%d/%m/%Y} (source : {last.source})")
    if alliance.evaluation.strip():
        results.insert(0, alliance.evaluation.strip())
    members = Membership.objects.filter(alliance=alliance).select_related("organisation").order_by("created_at")
    # The lead organisation first; each partner links to the directory when the alliance does.
    partners = [{"name": alliance.lead_organisation_name, "role": _lead_role(),
                 "organisation": alliance.lead_organisation}]
    seen = {alliance.lead_organisation_name}
    for membership in members:
        if membership.organisation_name in seen or membership.role == "observateur":
            continue
        seen.add(membership.organisation_name)
        partners.append({"name": membership.organisation_name, "role": _partner_role(alliance, membership),
                         "organisation": membership.organisation})
    summary = (f"{alliance.title} : une alliance de {len(partners)} partenaire{'s' if len(partners) > 1 else ''} "
               f"à {alliance.territory.name} pour répondre à ce problème : {alliance.problem}")[:500]
    with transaction.atomic():
        practice = practice_create_draft_from(
            title=alliance.title, summary=summary, problem=alliance.problem, actions=actions.strip(),
            results="\n".join(results), territories=[alliance.territory], sdgs=list(alliance.sdgs.all()),
            partners=partners, contributor=by, source_alliance_id=alliance.pk,
        )
        from alliances.practices.services import practice_save_draft

        extra = {"fragilities": list(alliance.fragilities), "sdg_targets": alliance.sdg_targets,
                 "form": _PRACTICE_FORMS.get(alliance.form, "")}
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
