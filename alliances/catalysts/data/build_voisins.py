"""Build departements_voisins.json from La Poste's base of postal codes with coordinates.

Run once when the official division changes (see docs/catalysts.md):

    python alliances/catalysts/data/build_voisins.py ../shared/data/real/laposte_hexasmal.csv

Method: each commune is a point (its La Poste coordinates). Two communes are "adjacent"
when they are joined by an edge of the Gabriel graph (no other commune lies in the circle
whose diameter is the segment between them): that graph approximates which communes share
a border. Two départements are neighbours when at least MIN_EDGES such edges, each shorter
than MAX_KM, join their communes; this removes spurious links across estuaries and
at tripoints. The few known exceptions are listed in OVERRIDES, with the reason.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

MAX_KM = 12.0
MIN_EDGES = 2
# (a, b, adjacent?) — corrections where points alone mislead; each one explained in the docs.
OVERRIDES: list[tuple[str, str, bool, str]] = [
    ("14", "76", False, "estuaire de la Seine : Honfleur et Le Havre se font face sans frontière terrestre"),
    ("04", "13", True, "frontière courte le long de la Durance, peu de communes de part et d'autre"),
    ("05", "73", True, "frontière de montagne (col du Galibier), communes très espacées"),
    ("54", "67", True, "frontière du massif du Donon, communes très espacées"),
    ("35", "49", True, "frontière courte au sud-est de l'Ille-et-Vilaine (pays de la Roche-aux-Fées)"),
    ("88", "90", True, "frontière du Ballon d'Alsace, communes très espacées"),
]
# Not départements: Monaco (99), collectivités d'outre-mer without neighbours in this sense.
EXCLUDED = {"98", "99", "975", "977", "978"}

OUT = Path(__file__).with_name("departements_voisins.json")


def departement_of(code_insee: str) -> str:
    return code_insee[:3] if code_insee.startswith("97") else code_insee[:2]


def read_points(path: Path) -> dict[str, tuple[float, float]]:
    points: dict[str, tuple[float, float]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            code, coords = row["Code_commune_INSEE"], row["coordonnees_geographiques"]
            if not coords or code in points:
                continue
            # Paris, Lyon, Marseille come as arrondissements: each is a point of its département.
            lat, lon = (float(x) for x in coords.split(","))
            points[code] = (lat, lon)
    return points


def to_km(lat: float, lon: float) -> tuple[float, float]:
    # Equirectangular projection at 46.5°N: within 1 % at the scale of a few kilometres.
    return (lon * 111.32 * math.cos(math.radians(46.5)), lat * 110.57)


def gabriel_edges(xy: dict[str, tuple[float, float]], radius: float) -> list[tuple[str, str, float]]:
    cell = radius
    grid: dict[tuple[int, int], list[str]] = defaultdict(list)
    for code, (x, y) in xy.items():
        grid[(int(x // cell), int(y // cell))].append(code)
    edges = []
    for a, (ax, ay) in xy.items():
        gx, gy = int(ax // cell), int(ay // cell)
        near = [
            c
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for c in grid.get((gx + dx, gy + dy), ())
            if c != a and math.dist(xy[c], (ax, ay)) <= radius
        ]
        for b in near:
            if b < a or departement_of(a) == departement_of(b):
                continue
            bx, by = xy[b]
            length = math.dist((ax, ay), (bx, by))
            # c inside the circle of diameter ab  <=>  (a-c)·(b-c) < 0; such a c is nearer to a than b.
            if not any(
                (ax - xy[c][0]) * (bx - xy[c][0]) + (ay - xy[c][1]) * (by - xy[c][1]) < 0 for c in near if c != b
            ):
                edges.append((a, b, length))
    return edges


def build(path: Path) -> dict[str, list[str]]:
    points = read_points(path)
    xy = {code: to_km(*latlon) for code, latlon in points.items()}
    counts: Counter[tuple[str, str]] = Counter()
    for a, b, _length in gabriel_edges(xy, MAX_KM):
        pair = tuple(sorted((departement_of(a), departement_of(b))))
        counts[pair] += 1  # type: ignore[index]
    neighbours: dict[str, set[str]] = defaultdict(set)
    for (a, b), n in counts.items():
        if n >= MIN_EDGES:
            neighbours[a].add(b)
            neighbours[b].add(a)
    for a, b, adjacent, _why in OVERRIDES:
        if adjacent:
            neighbours[a].add(b)
            neighbours[b].add(a)
        else:
            neighbours[a].discard(b)
            neighbours[b].discard(a)
    departements = sorted({departement_of(c) for c in points} - EXCLUDED)
    return {d: sorted(neighbours.get(d, set()) - EXCLUDED) for d in departements}


if __name__ == "__main__":
    result = build(Path(sys.argv[1]))
    OUT.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(result)} départements écrits dans {OUT}")
