"""Find the commune of a register line: INSEE code, or postal code + commune name.

RNA "import" files carry no INSEE code, only `adrs_codepostal` and `libcom` written in
capitals without accents, often without the article ("CANOURGUE" for La Canourgue) and
still under the name of a commune that has since merged ("FLORAC", now a delegated
commune of Florac Trois Rivières). Delegated and associated communes resolve to the
commune they belong to today.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from alliances.core.text import normalize

_ARTICLES = ("l", "le", "la", "les")


def commune_key(name: str) -> str:
    """Normalise a commune name for matching: accents, case, hyphens, St/Ste, leading article."""
    return _without_article(normalize(name))


def _without_article(normalized: str) -> str:
    words = normalized.split()
    if len(words) > 1 and words[-1] in _ARTICLES:  # "MALZIEU VILLE (LE)"
        words = words[:-1]
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Resolution:
    commune_id: int | None
    reason: str = ""  # French, empty when resolved


class CommuneResolver:
    """In-memory lookups built once per import (about 38,000 communes: a few MB)."""

    def __init__(
        self,
        communes: Sequence[tuple[int, str, str, str, int | None, str]],
        postal_codes: list[tuple[str, int]],
        aliases: list[tuple[int, str, str]] = (),  # type: ignore[assignment]
    ):
        """`communes`: (id, code, normalized name, commune_type, parent_id, departement_code);
        `postal_codes`: (code, commune_id); `aliases`: (commune_id, normalized former name, postal code
        or "") — former communes of the COG history and La Poste's localities (`CommuneAlias`).
        Names are `Territory.search_name` (already normalised)."""
        postal_codes = list(postal_codes)
        # Search tags of each current commune ("commune:48095", "departement:48"…), filled by from_database.
        self.tags_of: dict[int, tuple[str, ...]] = {}
        self.by_code: dict[str, int] = {}
        current_of: dict[int, int] = {}
        names_of: dict[int, set[str]] = defaultdict(set)
        self.by_departement_name: dict[tuple[str, str], set[int]] = defaultdict(set)
        # Current communes first so that a delegated commune sharing its code never wins.
        for id_, code, name, _commune_type, parent_id, dep in sorted(
            communes, key=lambda c: c[3] != "commune-actuelle"
        ):
            target = parent_id or id_
            current_of[id_] = target
            self.by_code.setdefault(code, target)
            key = _without_article(name)
            names_of[target].add(key)
            if dep:
                self.by_departement_name[(dep, key)].add(target)
        departement_of = {id_: dep for id_, _code, _name, _type, _parent, dep in communes}
        postal_of: dict[int, list[str]] = defaultdict(list)
        for postal_code, commune_id in postal_codes:
            postal_of[current_of.get(commune_id, commune_id)].append(postal_code)
        # A former name ("FRAISSINET DE LOZERE", merged in 2016) is a name of today's commune,
        # under the postal code La Poste gives it, or else under every postal code of that commune.
        for commune_id, alias, alias_postal_code in aliases:
            key = _without_article(alias)
            if not key:
                continue
            target = current_of.get(commune_id, commune_id)
            if departement_of.get(target):
                self.by_departement_name[(departement_of[target], key)].add(target)
            for postal_code in [alias_postal_code] if alias_postal_code else postal_of.get(target, []):
                postal_codes.append((postal_code, target))
                names_of[target].add(key)
        self.by_postal_name: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.names_by_postal: dict[str, dict[int, set[str]]] = defaultdict(dict)
        for postal_code, commune_id in postal_codes:
            target = current_of.get(commune_id, commune_id)
            for key in names_of.get(target, ()):
                self.by_postal_name[(postal_code, key)].add(target)
            self.names_by_postal[postal_code][target] = names_of.get(target, set())

    @classmethod
    def from_database(cls) -> CommuneResolver:
        from alliances.territories.enums import TerritoryKind
        from alliances.territories.models import CommuneAlias, PostalCode, Territory

        communes = list(
            Territory.objects.filter(kind=TerritoryKind.COMMUNE).values_list(
                "id", "code", "search_name", "commune_type", "parent_commune_id", "departement__code"
            )
        )
        aliases = list(
            CommuneAlias.objects.exclude(search_name="").values_list("commune_id", "search_name", "postal_code")
        )
        resolver = cls(communes, list(PostalCode.objects.values_list("code", "commune_id")), aliases)
        resolver.tags_of = {
            id_: tuple(
                f"{kind}:{code}"
                for kind, code in (("commune", code), ("departement", dep), ("epci", epci), ("region", region))
                if code
            )
            for id_, code, dep, epci, region in Territory.objects.current_communes().values_list(
                "id", "code", "departement__code", "epci__code", "region__code"
            )
        }
        return resolver

    def resolve(self, *, code_insee: str = "", postal_code: str = "", name: str = "") -> Resolution:
        code_insee = (code_insee or "").strip().upper()
        if code_insee and code_insee in self.by_code:
            return Resolution(self.by_code[code_insee])
        postal_code = (postal_code or "").strip()
        key = commune_key(name)
        if not key:
            detail = f" (code INSEE « {code_insee} » inconnu)" if code_insee else ""
            return Resolution(None, f"commune introuvable : nom de commune absent{detail}")
        candidates = self.by_postal_name.get((postal_code, key), set())
        if not candidates and len(postal_code) == 5:
            # The postal code is wrong or outdated: try the name within the département.
            dep = postal_code[:3] if postal_code.startswith("97") else postal_code[:2]
            if dep == "20":
                candidates = self.by_departement_name.get(("2A", key), set()) | self.by_departement_name.get(
                    ("2B", key), set()
                )
            else:
                candidates = self.by_departement_name.get((dep, key), set())
        if not candidates and len(key) >= 4:
            # A former commune absorbed without keeping a delegated commune ("FLORAC" →
            # Florac Trois Rivières, "BEDOUES" → Bédouès-Cocurès): its name is part of the
            # new commune's name, under the same postal code.
            padded = f" {key} "
            candidates = {
                commune_id
                for commune_id, keys in self.names_by_postal.get(postal_code, {}).items()
                if any(padded in f" {k} " for k in keys)
            }
        if len(candidates) == 1:
            return Resolution(next(iter(candidates)))
        if not candidates:
            return Resolution(None, f"commune introuvable : « {name} » ({postal_code or 'sans code postal'})")
        return Resolution(None, f"commune ambiguë : « {name} » ({postal_code}) correspond à {len(candidates)} communes")
