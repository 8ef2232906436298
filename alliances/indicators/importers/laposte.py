"""La Poste "base officielle des codes postaux" (`laposte_hexasmal.csv`) with coordinates.

`;`-separated, UTF-8 with BOM; `Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;
Libellé_d_acheminement;coordonnees_geographiques` where coordinates read `"lat, lon"`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from alliances.indicators.importers.common import LineError, WrongFileError, check_code, csv_rows, unreadable_or

EXPECTED = "Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;Libellé_d_acheminement;coordonnees_geographiques"


@dataclass(frozen=True)
class Point:
    line: int
    code: str
    latitude: float
    longitude: float
    postal_code: str = ""
    # Line 5 of the address: a locality of the commune, often a former commune merged since.
    locality: str = ""


def _parent(code: str) -> str | None:
    """The commune of a municipal arrondissement of Paris, Lyon or Marseille."""
    if code.startswith("751") and "75101" <= code <= "75120":
        return "75056"
    if "69381" <= code <= "69389":
        return "69123"
    if "13201" <= code <= "13216":
        return "13055"
    return None


def parse_laposte(lines: Iterable[str]) -> Iterator[Point | LineError]:
    rows = csv_rows(lines)
    try:
        _, header = next(rows)
    except StopIteration:
        raise WrongFileError(f"Fichier vide : colonnes attendues {EXPECTED}.") from None
    names = [h.strip().lower() for h in header]
    if "code_commune_insee" not in names or "coordonnees_geographiques" not in names:
        raise WrongFileError(
            f"Ce fichier n'est pas la base des codes postaux de La Poste : colonnes attendues {EXPECTED}."
        )
    code_at, coords_at = names.index("code_commune_insee"), names.index("coordonnees_geographiques")
    postal_at = names.index("code_postal") if "code_postal" in names else None
    locality_at = names.index("ligne_5") if "ligne_5" in names else None
    for number, cells in rows:
        if len(cells) != len(names):
            yield LineError(number, unreadable_or(cells, f"{len(cells)} colonnes au lieu de {len(names)}"))
            continue
        raw = cells[coords_at].strip()
        if not raw:
            continue  # some overseas entries have no coordinates: nothing to place
        try:
            code = check_code(cells[code_at])
            lat_text, lon_text = (part.strip() for part in raw.split(","))
            latitude, longitude = float(lat_text), float(lon_text)
            if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                raise ValueError
        except ValueError:
            yield LineError(number, f"coordonnées illisibles « {raw} » (attendu « latitude, longitude »)")
            continue
        yield Point(
            number,
            code,
            latitude,
            longitude,
            cells[postal_at].strip() if postal_at is not None else "",
            cells[locality_at].strip() if locality_at is not None else "",
        )


def centroids(points: Iterable[Point]) -> dict[str, tuple[float, float]]:
    """Mean of the points of each commune; Paris, Lyon and Marseille from their arrondissements."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for point in points:
        for code in filter(None, (point.code, _parent(point.code))):
            total = sums[code]
            total[0] += point.latitude
            total[1] += point.longitude
            total[2] += 1
    return {code: (round(lat / n, 6), round(lon / n, 6)) for code, (lat, lon, n) in sums.items()}
