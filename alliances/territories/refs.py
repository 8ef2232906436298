"""Territory references as written in URLs and API parameters: `commune:48095`, `epci:244800405`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from alliances.territories.enums import TerritoryKind

_CODE_PATTERNS = {
    TerritoryKind.COMMUNE: re.compile(r"^(\d{5}|2[AB]\d{3})$"),
    TerritoryKind.EPCI: re.compile(r"^\d{9}$"),
    TerritoryKind.DEPARTEMENT: re.compile(r"^(\d{2}|2[AB]|97\d)$"),
    TerritoryKind.REGION: re.compile(r"^\d{2}$"),
}
_EXAMPLES = {
    TerritoryKind.COMMUNE: "5 caractères, par exemple 48095 ou 2A004",
    TerritoryKind.EPCI: "le SIREN à 9 chiffres, par exemple 244800405",
    TerritoryKind.DEPARTEMENT: "2 ou 3 caractères, par exemple 48, 2A ou 974",
    TerritoryKind.REGION: "2 chiffres, par exemple 76",
}


class InvalidTerritoryRef(ValueError):
    """The reference is malformed; the message says what is expected, in French."""


@dataclass(frozen=True)
class TerritoryRef:
    kind: str
    code: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"


def validate_code(kind: str, code: str) -> str:
    """Return the normalised code, or raise InvalidTerritoryRef with the expected format."""
    if kind not in _CODE_PATTERNS:
        raise InvalidTerritoryRef(
            f"Niveau de territoire inconnu « {kind} » : attendu commune, epci, departement ou region."
        )
    normalised = code.strip().upper()
    if not _CODE_PATTERNS[TerritoryKind(kind)].match(normalised):
        raise InvalidTerritoryRef(
            f"Code « {code} » invalide pour le niveau {kind} : attendu {_EXAMPLES[TerritoryKind(kind)]}."
        )
    return normalised


def parse_territory_ref(value: str) -> TerritoryRef:
    """Parse `kind:code`; a bare 5-character code is a commune."""
    value = (value or "").strip()
    if ":" in value:
        kind, _, code = value.partition(":")
        kind = kind.strip().lower()
    else:
        kind, code = TerritoryKind.COMMUNE, value
        if not _CODE_PATTERNS[TerritoryKind.COMMUNE].match(code.upper()):
            raise InvalidTerritoryRef(
                f"Territoire « {value} » invalide : écrire commune:48095, epci:244800405, "
                "departement:48, region:76, ou un code commune à 5 caractères."
            )
    return TerritoryRef(kind=str(kind), code=validate_code(str(kind), code))
