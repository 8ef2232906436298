#!/usr/bin/env python3
"""Rebuild the official-data bundle shipped for a real portrait offline, from the official files.

    python data/officiel/build.py --from ../shared/data/real

Reads `cc_filosofi_2021_COM.csv` (INSEE) and `laposte_hexasmal.csv` (La Poste), keeps the
columns the platform reads, and writes two gzip-compressed CSV files in the official format
(same headers, same `;`, same decimal commas and secrecy marks), so that the same importers
read the bundle and the official file. The output is byte-identical from one build to the next.
`alliances load_bundled_data` (run by `make run`) loads them.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILOSOFI = ("cc_filosofi_2021_COM.csv", "cc_filosofi_2021_COM.csv.gz")
FILOSOFI_COLUMNS = ["CODGEO", "NBMENFISC21", "NBPERSMENFISC21", "MED21", "PIMP21", "TP6021", "D121", "D921", "RD21"]
LAPOSTE = ("laposte_hexasmal.csv", "laposte_hexasmal.csv.gz")
LAPOSTE_COLUMNS = ["Code_commune_INSEE", "Code_postal", "Ligne_5", "coordonnees_geographiques"]


def extract(source: Path, columns: list[str]) -> bytes:
    """The chosen columns of a `;` file (UTF-8, BOM or not), rows sorted, as UTF-8 CSV bytes."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = [h.strip() for h in next(reader)]
        positions = [header.index(c) for c in columns]
        rows = sorted({tuple(row[p] for p in positions) for row in reader if row})
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def write(target: Path, payload: bytes) -> None:
    # mtime=0: byte-identical builds.
    with target.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(payload)
    print(f"{target.name}: {target.stat().st_size} octets, sha256 {hashlib.sha256(target.read_bytes()).hexdigest()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--from", dest="source", type=Path, required=True, help="dossier des fichiers officiels")
    args = parser.parse_args()
    for (name, output), columns in ((FILOSOFI, FILOSOFI_COLUMNS), (LAPOSTE, LAPOSTE_COLUMNS)):
        write(HERE / output, extract(args.source / name, columns))


if __name__ == "__main__":
    main()
