"""Writes to the directory: create organisations, claims, declared fields, contact messages."""

from __future__ import annotations

from django.db import transaction

from alliances.actors.enums import OrganisationKind, Source, ThemeScheme
from alliances.actors.models import Organisation, Theme
from alliances.actors.sdg_mapping import sdgs_for_themes
from alliances.actors.themes import NAF_SECTIONS, RNA_FAMILIES, naf_theme_code


class ActorsError(Exception):
    """A business rule of the directory was broken; the message is in French, for the user."""


def themes_ensure_builtin() -> dict[str, int]:
    """Create the built-in themes (RNA families, NAF sections) if missing; return {code: id}."""
    wanted = {code: (label, ThemeScheme.RNA) for code, label in RNA_FAMILIES.items()}
    wanted |= {naf_theme_code(s): (label, ThemeScheme.NAF) for s, label in NAF_SECTIONS.items()}
    existing = dict(Theme.objects.filter(code__in=wanted).values_list("code", "id"))
    missing = [Theme(code=c, label=label, scheme=scheme) for c, (label, scheme) in wanted.items() if c not in existing]
    if missing:
        Theme.objects.bulk_create(missing, ignore_conflicts=True)
        existing = dict(Theme.objects.filter(code__in=wanted).values_list("code", "id"))
    return existing


def organisation_set_themes(*, organisation: Organisation, theme_codes: list[str]) -> None:
    """Tag an organisation with themes (by code) and the SDGs the mapping derives from them."""
    ids = themes_ensure_builtin()
    codes = [c for c in theme_codes if c in ids]
    organisation.themes.set([ids[c] for c in codes])
    organisation.sdgs.set(sdgs_for_themes(codes))


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str,
    commune=None,
    created_by=None,
    theme_codes: list[str] | None = None,
    is_demo: bool = False,
    **fields,
) -> Organisation:
    """Create an organisation entered on the platform (not from a register)."""
    name = (name or "").strip()
    if not name:
        raise ActorsError("Le nom de l'organisation est obligatoire.")
    if kind not in OrganisationKind.values:
        raise ActorsError(f"Type d'organisation inconnu « {kind} ».")
    organisation = Organisation(
        name=name, kind=kind, commune=commune, created_by=created_by, is_demo=is_demo,
        source=Source.DEMO if is_demo else Source.PLATFORM, **fields,
    )
    organisation.full_clean(exclude=["commune", "created_by", "declared_by"])
    organisation.save()
    if theme_codes:
        organisation_set_themes(organisation=organisation, theme_codes=theme_codes)
    return organisation
