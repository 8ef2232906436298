"""Geography the finder needs: neighbouring départements and French phrases naming a territory."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

from alliances.territories.enums import TerritoryKind

NEIGHBOURS_FILE = Path(__file__).with_name("data") / "departements_voisins.json"

# Preposition + article before a département's name: "le département de la Lozère", "du Gard".
_DE_LA = "16 17 19 2A 2B 21 23 24 26 31 33 42 43 44 48 50 51 52 53 54 55 57 58 70 71 72 73 74 76 77 80 85 86 87 93 971 972 973"
_DU = "14 15 18 25 29 30 32 39 41 45 46 47 49 56 59 62 63 67 68 69 81 82 83 84 90 94 95"
_DES = "04 05 06 08 13 22 40 64 65 66 78 79 88 92"
_DE_L = "01 02 03 07 09 10 11 12 27 28 34 35 36 37 38 60 61 89 91"
_PREPOSITIONS = {
    **dict.fromkeys(_DE_LA.split(), "de la "),
    **dict.fromkeys(_DU.split(), "du "),
    **dict.fromkeys(_DES.split(), "des "),
    **dict.fromkeys(_DE_L.split(), "de l'"),
}


@cache
def neighbouring_departements() -> dict[str, frozenset[str]]:
    """Département code → codes of the départements sharing a border with it (data/…json)."""
    data = json.loads(NEIGHBOURS_FILE.read_text(encoding="utf-8"))
    return {code: frozenset(neighbours) for code, neighbours in data.items()}


def neighbours_of(departement_code: str) -> frozenset[str]:
    return neighbouring_departements().get(departement_code, frozenset())


def of_departement(code: str, name: str) -> str:
    """« de la Lozère », « du Gard », « de l'Ardèche », « de Paris »."""
    return _PREPOSITIONS.get(code, "de ") + name


def territory_phrase(kind: str, code: str, name: str) -> str:
    """The territory named in a sentence: « le département de la Lozère », « la commune de Mende »."""
    if kind == TerritoryKind.DEPARTEMENT:
        return f"le département {of_departement(code, name)}"
    if kind == TerritoryKind.REGION:
        return f"la région {name}"
    if kind == TerritoryKind.EPCI:
        return f"l'intercommunalité {name}"
    return f"la commune de {name}"


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))
