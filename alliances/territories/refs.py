"""Territory references as written in URLs and API parameters: `commune:48095`, `epci:244800405`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from alliances.territories.enums import TerritoryKind

# ASCII digits only: `\d` would also take other scripts' digits in Python and in pydantic's regex
# engine, but not in the JSON Schema (ECMA) regexes of the OpenAPI document.
_CODES = {
    TerritoryKind.COMMUNE: "[0-9]{5}|2[AB][0-9]{3}",
    TerritoryKind.EPCI: "[0-9]{9}",
    TerritoryKind.DEPARTEMENT: "[0-9]{2}|2[AB]|97[0-9]",
    TerritoryKind.REGION: "[0-9]{2}",
}
_CODE_PATTERNS = {kind: re.compile(rf"^({code})\Z") for kind, code in _CODES.items()}
_EXAMPLES = {
    TerritoryKind.COMMUNE: "5 caractères, par exemple 48095 ou 2A004",
    TerritoryKind.EPCI: "le SIREN à 9 chiffres, par exemple 244800405",
    TerritoryKind.DEPARTEMENT: "2 ou 3 caractères, par exemple 48, 2A ou 974",
    TerritoryKind.REGION: "2 chiffres, par exemple 76",
}


def code_pattern(kind: str) -> str:
    """The code of a territory of this kind, as a regular expression for the API's schema."""
    return f"^({_CODES[TerritoryKind(kind)]})$"


# `kind:code`, or a bare commune code: what `parse_territory_ref` accepts, for the API's schema.
TERRITORY_REF_PATTERN = (
    f"^((commune:)?({_CODES[TerritoryKind.COMMUNE]})|"
    + "|".join(
        f"{kind}:({_CODES[kind]})" for kind in (TerritoryKind.EPCI, TerritoryKind.DEPARTEMENT, TerritoryKind.REGION)
    )
    + ")$"
)


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
