"""Parse the compact referential file built by data/territoires/build.py (pure functions)."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "data" / "territoires" / "referentiel.json.gz"


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    chef_lieu: str
    zone: str
    population: int | None


@dataclass(frozen=True)
class DepartementRow:
    code: str
    name: str
    region: str
    chef_lieu: str
    zone: str
    population: int | None


@dataclass(frozen=True)
class EpciRow:
    siren: str
    name: str
    legal_type: str
    population: int | None
    members: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CommuneRow:
    code: str
    name: str
    commune_type: str
    departement: str
    region: str
    siren: str
    population: int | None
    postal_codes: list[str]
    parent_commune: str
    zone: str
    epci: str


@dataclass(frozen=True)
class Referential:
    vintage: int
    previous_vintage: int
    source: str
    regions: list[RegionRow]
    departements: list[DepartementRow]
    epcis: list[EpciRow]
    communes: list[CommuneRow]
    # Populations of the previous vintage, at today's perimeter, by level then code.
    previous: dict[str, dict[str, int]]
    # COG history: (former commune code, today's commune code, former name or "").
    former: list[tuple[str, str, str]] = field(default_factory=list)


def parse_referential(raw: bytes) -> Referential:
    """Turn the gzip-compressed JSON payload into typed rows."""
    data = json.loads(gzip.decompress(raw))
    meta = data["meta"]
    return Referential(
        vintage=meta["vintage"],
        previous_vintage=meta["previous_vintage"],
        source=meta["source"],
        regions=[RegionRow(*row) for row in data["regions"]],
        departements=[DepartementRow(*row) for row in data["departements"]],
        epcis=[EpciRow(*row) for row in data["epci"]],
        communes=[CommuneRow(*row) for row in data["communes"]],
        previous=data["previous"],
        former=[tuple(row) for row in data.get("former", [])],
    )
