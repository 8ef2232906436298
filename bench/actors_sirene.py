"""Benchmark of the SIRENE import: a synthetic national StockEtablissement (official 53-column
header) and its StockUniteLegale, imported on SQLite or PostgreSQL, compared with DuckDB's raw
scan of the same file measured in the same run.

Usage (from the repository root; a separate database whose referential is loaded):

    ALLIANCES_VAR_DIR=/tmp/bench-actors python bench/actors_sirene.py --rows 3000000
    python bench/actors_sirene.py --rows 200000 --departement 69   # a filtered import

The files are written by `bench/scale/files.write_sirene` (the generator of the national
dataset: valid SIREN/SIRET, legal categories, NAF codes and headcount bands by their national
shares, communes by population). Each import runs in a child process (its peak resident memory
is `VmHWM`): creation, then an unchanged re-import.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.memory import peak_rss_mb  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def generate(etablissements: Path, unites_legales: Path, rows: int) -> None:
    from alliances.territories.models import PostalCode, Territory
    from bench.scale.files import Commune, write_sirene

    postal = {}
    for code, commune_id in PostalCode.objects.values_list("code", "commune_id"):
        postal.setdefault(commune_id, code)
    communes = [
        Commune(code, name, postal.get(id_, code), population or 1)
        for id_, code, name, population in Territory.objects.current_communes().values_list(
            "id", "code", "name", "population"
        )
    ]
    total = sum(c.population for c in communes)
    counts = [int(rows * c.population / total) for c in communes]
    counts[max(range(len(counts)), key=lambda i: communes[i].population)] += rows - sum(counts)
    written, units = write_sirene(
        etablissements, unites_legales, [(c, n) for c, n in zip(communes, counts, strict=True) if n], seed=2026
    )
    print(f"{written} établissements, {units} unités légales générés")


def duckdb_scan(path: Path) -> dict:
    import duckdb

    con = duckdb.connect()
    con.execute("PRAGMA threads=2")
    started = time.perf_counter()
    row = con.execute(
        f"SELECT count(*), count(DISTINCT siret), count(codeCommuneEtablissement) FROM read_csv('{path}', "
        "delim=',', header=true, all_varchar=true)"
    ).fetchone()
    return {"rows": row[0], "scan_s": time.perf_counter() - started}


def import_child(etablissements: str, unites_legales: str, departements: list[str], rejects: str) -> None:
    """Run in a child process: one import, then print its figures as JSON."""
    import resource

    import django

    django.setup()
    from alliances.actors.imports import SireneImporter

    started = time.perf_counter()
    importer = SireneImporter(
        etablissements=etablissements,
        unites_legales=unites_legales,
        departements=departements,
        rejects_path=Path(rejects),
    )
    summary = importer.run()
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # CPU time (user + system) of the import process: what the import costs, independent of
    # the other processes sharing the machine (wall time is not, on a loaded machine). The
    # files are read in a second process (`reader_*`): its CPU time and peak memory too.
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "cpu_s": usage.ru_utime + usage.ru_stime,
                "peak_mb": peak_rss_mb(),
                "reader_cpu_s": importer.reader_stats.get("cpu_s", 0),
                "reader_peak_mb": importer.reader_stats.get("peak_mb", 0),
                **summary.as_dict(),
            },
            ensure_ascii=False,
        )
    )


def run_import(etablissements: Path, unites_legales: Path, departements: list[str]) -> dict:
    args = [
        sys.executable,
        __file__,
        "--child",
        str(etablissements),
        "--unites-legales",
        str(unites_legales),
        "--rejects",
        str(etablissements.with_suffix(".rejets.csv")),
    ]
    for code in departements:
        args += ["--departement", code]
    output = subprocess.run(args, check=True, capture_output=True, text=True, env=os.environ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--departement", action="append", default=[], help="filtrer (répétable)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--unites-legales", help=argparse.SUPPRESS)
    parser.add_argument("--rejects", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        import_child(args.child, args.unites_legales, args.departement, args.rejects)
        return

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.scale.reset import compact_after_delete

    call_command("migrate", verbosity=0)
    var = Path(os.environ.get("ALLIANCES_VAR_DIR", ROOT / "var"))
    etablissements = var / f"bench_StockEtablissement_{args.rows}.csv"
    unites_legales = var / f"bench_StockUniteLegale_{args.rows}.csv"
    if not etablissements.exists():
        started = time.perf_counter()
        generate(etablissements, unites_legales, args.rows)
        print(f"fichiers générés en {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:  # start without any SIRENE organisation
        cursor.execute("DELETE FROM actors_establishment")
        cursor.execute(
            "DELETE FROM actors_organisation_themes WHERE organisation_id IN "
            "(SELECT id FROM actors_organisation WHERE source = 'sirene')"
        )
        cursor.execute(
            "DELETE FROM actors_organisation_sdgs WHERE organisation_id IN "
            "(SELECT id FROM actors_organisation WHERE source = 'sirene')"
        )
        cursor.execute(
            "DELETE FROM core_searchdocument WHERE kind = 'organisation' AND object_id IN "
            "(SELECT id FROM actors_organisation WHERE source = 'sirene')"
        )
        cursor.execute("DELETE FROM actors_organisation WHERE source = 'sirene'")
    compact_after_delete()
    print("charge avant :", os.getloadavg())
    scan = duckdb_scan(etablissements)
    first = run_import(etablissements, unites_legales, args.departement)
    second = run_import(etablissements, unites_legales, args.departement)
    print("charge après :", os.getloadavg())
    rows = scan["rows"]
    print(json.dumps({"duckdb": scan, "import": first, "reimport": second}, ensure_ascii=False, indent=1))

    def cpu(run: dict) -> str:  # writer + reader processes
        return f"{run['cpu_s']:.0f} + {run['reader_cpu_s']:.0f} s"

    print(
        f"| {connection.vendor} | {rows:,} | {' '.join(args.departement) or 'tous'} | {scan['scan_s']:.1f} s "
        f"({rows / scan['scan_s']:,.0f} l/s) | {first['seconds']:.0f} s ({rows / first['seconds']:,.0f} l/s) | "
        f"{second['seconds']:.0f} s ({rows / second['seconds']:,.0f} l/s) | {cpu(first)} | {cpu(second)} | "
        f"{first['seconds'] / scan['scan_s']:.0f} × | {max(first['peak_mb'], second['peak_mb']):.0f} + "
        f"{max(first['reader_peak_mb'], second['reader_peak_mb']):.0f} Mo |".replace(",", " ")
    )


if __name__ == "__main__":
    main()
