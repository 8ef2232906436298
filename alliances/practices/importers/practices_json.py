"""Parse a JSON file of practices (the format of our JSON export) into checked entries: pure, no database writes.

Each problem is reported with the position of the practice in the file (1-based) and its reason;
valid practices are kept.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from alliances.core.fields import MESSAGE_MAX_LENGTH, RICH_TEXT_MAX_LENGTH
from alliances.practices.enums import (
    BudgetBand,
    CoConstructionForm,
    Fragility,
    MecenatKind,
    PartnerRole,
    PartnershipType,
    Stage,
)
from alliances.territories.refs import InvalidTerritoryRef, TerritoryRef, parse_territory_ref


@dataclass
class PracticeEntry:
    position: int
    title: str
    summary: str
    territories: list[TerritoryRef]
    sdgs: list[int]
    partners: list[dict]
    fields: dict = field(default_factory=dict)


@dataclass
class ImportProblem:
    position: int
    title: str
    reason: str

    def __str__(self) -> str:
        return f"Pratique n° {self.position}{f' « {self.title} »' if self.title else ''} : {self.reason}"


def _choices(value, allowed, label: str) -> list[str]:
    values = value or []
    if not isinstance(values, list) or any(v not in allowed for v in values):
        raise ValueError(f"{label} inconnu(e) dans {values!r} (valeurs possibles : {', '.join(sorted(allowed))})")
    return values


def _choice(value, allowed, label: str) -> str:
    if value in (None, ""):
        return ""
    if value not in allowed:
        raise ValueError(f"{label} inconnu(e) : {value!r}")
    return value


def _date(value, label: str):
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as error:
        raise ValueError(f"{label} n'est pas une date AAAA-MM-JJ : {value!r}") from error


def _text(item: dict, key: str, *, required: bool = False, max_length: int | None = None) -> str:
    value = item.get(key) or ""
    if not isinstance(value, str):
        raise ValueError(f"« {key} » doit être un texte")
    if required and not value.strip():
        raise ValueError(f"« {key} » est obligatoire")
    if max_length and len(value) > max_length:
        raise ValueError(f"« {key} » dépasse {max_length} caractères")
    return value.strip()


def _entry(position: int, item) -> PracticeEntry:
    if not isinstance(item, dict):
        raise ValueError("chaque pratique doit être un objet JSON")
    title = _text(item, "titre", required=True, max_length=200)
    refs = []
    for raw in item.get("territoires") or []:
        ref = f"{raw.get('type')}:{raw.get('code')}" if isinstance(raw, dict) else str(raw)
        try:
            refs.append(parse_territory_ref(ref))
        except InvalidTerritoryRef as error:
            raise ValueError(str(error)) from error
    if not refs:
        raise ValueError("au moins un territoire est nécessaire")
    sdgs = item.get("odd") or []
    if not isinstance(sdgs, list) or any(not isinstance(n, int) or not 1 <= n <= 17 for n in sdgs):
        raise ValueError(f"« odd » doit être une liste de numéros de 1 à 17 : {sdgs!r}")
    partners = []
    for partner in item.get("partenaires") or []:
        if not isinstance(partner, dict) or not str(partner.get("nom", "")).strip():
            raise ValueError("chaque partenaire doit avoir un « nom »")
        partners.append(
            {
                "name": str(partner["nom"])[:200],
                "role": _choice(partner.get("role"), PartnerRole.values, "rôle de partenaire") or "autre",
            }
        )
    links = item.get("liens") or []
    if not isinstance(links, list) or any(not str(u).startswith(("http://", "https://")) for u in links):
        raise ValueError("« liens » doit être une liste d'adresses http(s)")
    fields = {
        "fragilities": _choices(item.get("fragilites"), set(Fragility.values), "fragilité"),
        "problem": _text(item, "probleme", max_length=RICH_TEXT_MAX_LENGTH),
        "actions": _text(item, "actions", max_length=RICH_TEXT_MAX_LENGTH),
        "form": _choice(item.get("forme"), CoConstructionForm.values, "forme"),
        "partnership_types": _choices(item.get("typesPartenariat"), set(PartnershipType.values), "type de partenariat"),
        "mecenat_kinds": _choices(item.get("formesMecenat"), set(MecenatKind.values), "forme de mécénat"),
        "sdg_targets": _text(item, "ciblesOdd", max_length=200),
        "started_on": _date(item.get("debut"), "« debut »"),
        "ended_on": _date(item.get("fin"), "« fin »"),
        "stage": _choice(item.get("etape"), Stage.values, "étape"),
        "budget_band": _choice(item.get("budget"), BudgetBand.values, "budget"),
        "funding_sources": _text(item, "financements", max_length=MESSAGE_MAX_LENGTH),
        "results": _text(item, "resultats", max_length=RICH_TEXT_MAX_LENGTH),
        "impact_organisations": _text(item, "impactOrganisations", max_length=RICH_TEXT_MAX_LENGTH),
        "impact_innovation": _text(item, "impactInnovation", max_length=RICH_TEXT_MAX_LENGTH),
        "impact_trust": _text(item, "impactConfiance", max_length=RICH_TEXT_MAX_LENGTH),
        "lessons": _text(item, "enseignements", max_length=RICH_TEXT_MAX_LENGTH),
        "links": [str(u) for u in links][:10],
    }
    return PracticeEntry(
        position=position,
        title=title,
        summary=_text(item, "resume", required=True, max_length=1200),
        territories=refs,
        sdgs=sdgs,
        partners=partners,
        fields=fields,
    )


def _holds_nul(value) -> bool:
    """Whether a text of this JSON value holds a NUL character (`\\u0000`): PostgreSQL refuses it."""
    if isinstance(value, str):
        return "\0" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    return isinstance(value, list) and any(_holds_nul(item) for item in value)


def parse_practices(text: str) -> tuple[list[PracticeEntry], list[ImportProblem]]:
    """Return the valid practices of a JSON document and the problems of the others."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [ImportProblem(0, "", f"JSON illisible, ligne {error.lineno} colonne {error.colno} : {error.msg}")]
    items = data.get("pratiques") if isinstance(data, dict) else data
    if not isinstance(items, list):
        return [], [ImportProblem(0, "", "le fichier doit contenir une liste « pratiques »")]
    entries, problems = [], []
    for position, item in enumerate(items, start=1):
        try:
            if _holds_nul(item):
                raise ValueError("caractère nul (\\u0000) dans un texte")
            entries.append(_entry(position, item))
        except ValueError as error:
            title = item.get("titre", "") if isinstance(item, dict) else ""
            problems.append(ImportProblem(position, str(title).replace("\0", "")[:80], str(error)))
    return entries, problems
