#!/usr/bin/env python3
"""Rebuild referentiel.json.gz from the official npm tarballs of @etalab/decoupage-administratif.

    python data/territoires/build.py            # runs `npm pack` (needs npm and the registry)
    python data/territoires/build.py --from DIR # DIR holds the two extracted packages

The output is deliberately compact (arrays, no repeated keys) so that it can be committed
and loaded in a few seconds; `alliances load_territories` reads it.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

PACKAGE = "@etalab/decoupage-administratif"
CURRENT = ("6.0.0", 2026)
PREVIOUS = ("1.1.1", 2021)
OUTPUT = Path(__file__).with_name("referentiel.json.gz")


def fetch(version: str, workdir: Path) -> Path:
    """Download and extract one version of the package with `npm pack`."""
    out = (
        subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{version}", "--silent"],
            cwd=workdir,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    target = workdir / version
    with tarfile.open(workdir / out) as tar:
        tar.extractall(target, filter="data")
    return target / "package" / "data"


def load(path: Path, name: str) -> list[dict]:
    return json.loads((path / f"{name}.json").read_text(encoding="utf-8"))


def population_sums(communes: list[dict], key: str) -> dict[str, int]:
    """Population of départements or régions: the sum of their current communes."""
    totals: dict[str, int] = defaultdict(int)
    for c in communes:
        if c.get("type") == "commune-actuelle" and c.get(key) and c.get("population") is not None:
            totals[c[key]] += c["population"]
    return dict(totals)


def previous_populations(communes: list[dict], old_communes: list[dict]) -> dict[str, int]:
    """Earlier population of each current commune: itself plus the communes merged into it."""
    old = {
        c["code"]: c["population"]
        for c in old_communes
        if c.get("type") == "commune-actuelle" and c.get("population") is not None
    }
    result = {}
    for c in communes:
        if c["type"] != "commune-actuelle":
            continue
        codes = {c["code"], *c.get("anciensCodes", [])}
        values = [old[code] for code in codes if code in old]
        if values:
            result[c["code"]] = sum(values)
    return result


def constant_perimeter_sums(communes: list[dict], previous: dict[str, int], key: str) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for c in communes:
        if c["type"] == "commune-actuelle" and c.get(key) and c["code"] in previous:
            totals[c[key]] += previous[c["code"]]
    return dict(totals)


def former_communes(communes: list[dict], old_communes: list[dict]) -> list[list[str]]:
    """COG history: each former commune code (`anciensCodes`) with today's commune and its name
    when known (a commune of the previous vintage, or a delegated commune of today)."""
    names = {c["code"]: c["nom"] for c in old_communes if c.get("type") == "commune-actuelle"}
    names.update({c["code"]: c["nom"] for c in communes if c.get("type") != "commune-actuelle"})
    current = {c["code"] for c in communes if c.get("type") == "commune-actuelle"}
    return sorted(
        [old, c["code"], names.get(old, "")]
        for c in communes
        if c.get("type") == "commune-actuelle"
        for old in c.get("anciensCodes", [])
        if old not in current
    )


def build(current_dir: Path, previous_dir: Path) -> dict:
    communes = load(current_dir, "communes")
    epcis = load(current_dir, "epci")
    departements = load(current_dir, "departements")
    regions = load(current_dir, "regions")
    old_communes = load(previous_dir, "communes")

    epci_of = {m["code"]: e["code"] for e in epcis for m in e["membres"]}
    dep_pop, reg_pop = population_sums(communes, "departement"), population_sums(communes, "region")
    previous = previous_populations(communes, old_communes)
    old_dep_pop = constant_perimeter_sums(communes, previous, "departement")
    old_reg_pop = constant_perimeter_sums(communes, previous, "region")
    old_epci_pop = {
        e["code"]: sum(previous.get(m["code"], 0) for m in e["membres"])
        for e in epcis
        if all(m["code"] in previous for m in e["membres"])
    }

    return {
        "meta": {
            "source": f"{PACKAGE} {CURRENT[0]} (millésime {CURRENT[1]}) et {PREVIOUS[0]} (millésime {PREVIOUS[1]})",
            "producer": "Etalab, d'après INSEE (COG, populations légales) et DGCL (EPCI)",
            "licence": "MIT",
            "vintage": CURRENT[1],
            "previous_vintage": PREVIOUS[1],
        },
        "regions": [
            [r["code"], r["nom"], r.get("chefLieu", ""), r.get("zone", ""), reg_pop.get(r["code"])] for r in regions
        ],
        "departements": [
            [d["code"], d["nom"], d["region"], d.get("chefLieu", ""), d.get("zone", ""), dep_pop.get(d["code"])]
            for d in departements
        ],
        "epci": [
            [e["code"], e["nom"], e["type"], e.get("populationMunicipale"), [m["code"] for m in e["membres"]]]
            for e in epcis
        ],
        # code, nom, type, département, région, siren, population, codes postaux, commune parente, zone, epci
        "communes": [
            [
                c["code"],
                c["nom"],
                c["type"],
                c.get("departement", ""),
                c.get("region", ""),
                c.get("siren", ""),
                c.get("population"),
                c.get("codesPostaux", []),
                c.get("chefLieu") or c.get("commune") or "",
                c.get("zone", ""),
                epci_of.get(c["code"], ""),
            ]
            for c in communes
        ],
        # Former commune codes (merged since), with today's commune: code, commune actuelle, nom.
        "former": former_communes(communes, old_communes),
        # Earlier populations at constant perimeter (today's communes, EPCI, départements,
        # régions), so that a change never comes from a merger of communes.
        "previous": {
            "communes": previous,
            "epci": old_epci_pop,
            "departements": old_dep_pop,
            "regions": old_reg_pop,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--from", dest="source", type=Path, help="folder with extracted packages")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.source:
            current = args.source / CURRENT[0] / "package" / "data"
            previous = args.source / PREVIOUS[0] / "package" / "data"
        else:
            current, previous = fetch(CURRENT[0], Path(tmp)), fetch(PREVIOUS[0], Path(tmp))
        payload = json.dumps(build(current, previous), ensure_ascii=False, separators=(",", ":"))
    # mtime=0 makes the file byte-identical from one build to the next.
    with OUTPUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(payload.encode("utf-8"))
    print(f"{OUTPUT.name}: {OUTPUT.stat().st_size} octets, sha256 {hashlib.sha256(OUTPUT.read_bytes()).hexdigest()}")


if __name__ == "__main__":
    main()
