"""Benchmark of the RNA import: a synthetic national *waldec* file, imported on SQLite or
PostgreSQL, compared with DuckDB's raw scan of the same file measured in the same run.

Usage (from the repository root; a separate database):

    ALLIANCES_VAR_DIR=/tmp/bench-actors python bench/actors_rna.py --rows 200000
    python bench/actors_rna.py --rows 1900000 --keep  # the national size (~1 GB)

It generates the file (real 39-column waldec header, communes drawn by population from the
referential, realistic positions, dates, social-object codes and texts), loads the
referential if needed, imports the file twice (creation, then unchanged re-import), runs
`SELECT count(*)` and a full column scan with DuckDB, and prints a Markdown table row.
Peak memory is the import process's peak resident set size (`VmHWM`), measured in a
child process that does nothing but the import.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.memory import peak_rss_mb  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

HEADER = (
    "id;id_ex;siret;rup_mi;gestion;date_creat;date_decla;date_publi;date_disso;nature;groupement;titre;"
    "titre_court;objet;objet_social1;objet_social2;adrs_complement;adrs_numvoie;adrs_repetition;adrs_typevoie;"
    "adrs_libvoie;adrs_distrib;adrs_codeinsee;adrs_codepostal;adrs_libcommune;adrg_declarant;adrg_complemid;"
    "adrg_complemgeo;adrg_libvoie;adrg_distrib;adrg_codepostal;adrg_achemine;adrg_pays;dir_civilite;siteweb;"
    "publiweb;observation;position;maj_time"
).split(";")
WORDS = (
    "association amicale club comité foyer rural sportif culturel jeunes anciens parents élèves amis "
    "patrimoine musique danse théâtre randonnée football tennis pétanque chasse pêche solidarité entraide "
    "environnement jardins nature quartier village vallée causse montagne école loisirs festival "
    "santé handicap emploi insertion formation éducation populaire commerçants artisans"
).split()
OBJECT_WORDS = (
    "promouvoir développer organiser favoriser soutenir animer la pratique du sport de la culture "
    "des activités pour les habitants de la commune et des environs en lien avec les associations "
    "locales sensibiliser le public à la protection de l'environnement accompagner les personnes "
    "âgées isolées aider à l'insertion professionnelle des jeunes"
).split()
FAMILIES = [
    "011",
    "006",
    "007",
    "014",
    "009",
    "015",
    "022",
    "024",
    "020",
    "023",
    "019",
    "017",
    "034",
    "013",
    "038",
    "001",
    "005",
    "040",
    "032",
    "010",
    "030",
    "018",
    "016",
    "036",
    "021",
    "003",
    "002",
    "004",
]
VOIES = ["RUE", "AV", "PL", "CHE", "BD", "IMP", "RTE", "ALL"]


def _communes():
    import django

    django.setup()
    from alliances.territories.models import PostalCode, Territory

    if not Territory.objects.exists():
        from django.core.management import call_command

        call_command("load_territories", verbosity=0)
    postal = {}
    for code, commune_id in PostalCode.objects.values_list("code", "commune_id"):
        postal.setdefault(commune_id, code)
    rows = [
        (c[1], c[2].upper(), postal.get(c[0], c[1]), c[3] or 1)
        for c in Territory.objects.current_communes().values_list("id", "code", "name", "population")
    ]
    return rows


def generate(path: Path, rows: int, seed: int = 48) -> None:
    """Write a synthetic waldec file of `rows` lines (UTF-8, `;`, every field quoted)."""
    rng = random.Random(seed)
    communes = _communes()
    weights = [c[3] for c in communes]
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(";".join(HEADER) + "\n")
        chunk = 10_000
        for start in range(0, rows, chunk):
            picks = rng.choices(communes, weights=weights, k=min(chunk, rows - start))
            lines = []
            for offset, (code, name, postal, _) in enumerate(picks):
                n = start + offset
                dep = code[:2] if not code.startswith("97") else code[:3]
                position = rng.choices("ADS", weights=(85, 12, 3))[0]
                year = rng.randint(1960, 2024)
                created = (
                    f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() > 0.15 else "0001-01-01"
                )
                family = rng.choice(FAMILIES)
                title = " ".join(rng.choices(WORDS, k=rng.randint(3, 8))).upper()
                row = dict.fromkeys(HEADER, "")
                row.update(
                    {
                        "gestion": f"{dep}1P",
                        "date_creat": created,
                        "date_decla": created,
                        "date_publi": created,
                        "date_disso": f"{rng.randint(year, 2024)}-06-30" if position == "D" else "0001-01-01",
                        "nature": "D",
                        "groupement": "S",
                        "titre": title,
                        "titre_court": title[:20] if rng.random() < 0.2 else "",
                        "objet": " ".join(rng.choices(OBJECT_WORDS, k=rng.randint(8, 40))),
                        "objet_social1": f"{family}{rng.choice(['000', '010', '020', '030'])}",
                        "objet_social2": "000000" if rng.random() < 0.5 else f"{rng.choice(FAMILIES)}000",
                        "adrs_numvoie": str(rng.randint(1, 120)),
                        "adrs_typevoie": rng.choice(VOIES),
                        "adrs_libvoie": " ".join(rng.choices(WORDS, k=2)).upper(),
                        "adrs_codeinsee": code,
                        "adrs_codepostal": postal,
                        "adrs_libcommune": name,
                        "adrg_pays": "FRANCE",
                        "dir_civilite": "PM",
                        "publiweb": "0",
                        "position": position,
                        "maj_time": f"{rng.randint(2009, 2024)}-01-01 10:00:00",
                    }
                )
                row["id"] = f"W{n:09d}"
                lines.append(";".join(f'"{row[c]}"' for c in HEADER))
            out.write("\n".join(lines) + "\n")


def duckdb_scan(path: Path) -> dict:
    import duckdb

    con = duckdb.connect()
    con.execute("PRAGMA threads=2")
    started = time.perf_counter()
    count = con.execute(
        f"SELECT count(*) FROM read_csv('{path}', delim=';', header=true, quote='\"', all_varchar=true)"
    ).fetchone()[0]
    count_s = time.perf_counter() - started
    started = time.perf_counter()
    con.execute(
        f"SELECT count(DISTINCT id), max(length(objet)), count(adrs_codeinsee) FROM read_csv('{path}', "
        "delim=';', header=true, quote='\"', all_varchar=true)"
    ).fetchone()
    scan_s = time.perf_counter() - started
    return {"rows": count, "count_s": count_s, "scan_s": scan_s}


def import_child(path: str, rejects: str, index: bool) -> None:
    """Run in a child process: one import, then print its figures as JSON."""
    import resource

    import django

    django.setup()
    from alliances.actors.imports import RnaImporter

    started = time.perf_counter()
    importer = RnaImporter(source=path, rejects_path=Path(rejects), index_search=index)
    summary = importer.run()
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # CPU time (user + system) of the import process: what the import costs, independent of
    # the other processes sharing the machine (wall time is not, on a loaded machine). The
    # file is parsed in a second process (`reader_*`): its CPU time and peak memory too.
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


def run_import(path: Path, index: bool) -> dict:
    args = [sys.executable, __file__, "--child", str(path), "--rejects", str(path.with_suffix(".rejets.csv"))]
    if not index:
        args.append("--no-index")
    output = subprocess.run(args, check=True, capture_output=True, text=True, env=os.environ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--file", type=Path, help="reuse this synthetic file")
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
    parser.add_argument("--no-index", action="store_true", help="import without the search index")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--rejects", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        import_child(args.child, args.rejects, index=not args.no_index)
        return

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.scale.reset import compact_after_delete

    call_command("migrate", verbosity=0)
    var = Path(os.environ.get("ALLIANCES_VAR_DIR", ROOT / "var"))
    path = args.file or var / f"bench_rna_waldec_{args.rows}.csv"
    if not path.exists():
        started = time.perf_counter()
        generate(path, args.rows)
        print(f"fichier généré : {path} ({path.stat().st_size / 1e6:.0f} Mo) en {time.perf_counter() - started:.0f} s")
    # Start from an empty directory (raw deletes: the ORM would load millions of rows).
    with connection.cursor() as cursor:
        for table in (
            "actors_organisation_themes",
            "actors_organisation_sdgs",
            "actors_organisation_members",
            "actors_establishment",
            "actors_organisationclaim",
            "actors_contactmessage",
        ):
            cursor.execute(f"DELETE FROM {table}")
        cursor.execute("DELETE FROM actors_organisation")
        cursor.execute("DELETE FROM core_searchdocument WHERE kind = 'organisation'")
    compact_after_delete()
    print("charge avant :", os.getloadavg())
    scan = duckdb_scan(path)
    first = run_import(path, index=not args.no_index)
    second = run_import(path, index=not args.no_index)
    print("charge après :", os.getloadavg())
    rows = scan["rows"]
    print(json.dumps({"duckdb": scan, "import": first, "reimport": second}, ensure_ascii=False, indent=1))
    rate = rows / first["seconds"]

    def cpu(run: dict) -> str:  # writer + reader processes
        return f"{run['cpu_s']:.0f} + {run['reader_cpu_s']:.0f} s"

    print(
        f"| {connection.vendor} | {rows:,} | {path.stat().st_size / 1e6:.0f} Mo | {scan['scan_s']:.1f} s "
        f"({rows / scan['scan_s']:,.0f} l/s) | {first['seconds']:.0f} s ({rate:,.0f} l/s) | "
        f"{second['seconds']:.0f} s ({rows / second['seconds']:,.0f} l/s) | {cpu(first)} | {cpu(second)} | "
        f"{first['seconds'] / scan['scan_s']:.0f} × | "
        f"{max(first['peak_mb'], second['peak_mb']):.0f} + "
        f"{max(first['reader_peak_mb'], second['reader_peak_mb']):.0f} Mo |".replace(",", " ")
    )
    if not args.keep and not args.file:
        path.unlink()


if __name__ == "__main__":
    main()
