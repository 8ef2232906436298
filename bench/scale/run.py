"""Run a scenario end to end and write a dated results file under bench/results/.

    flock /tmp/bench.lock bench/run --preset departement --db sqlite
    flock /tmp/bench.lock bench/run --preset departement --db postgres --departement 69
    nice bench/run --preset national --db postgres --no-load      # generation + imports only
    flock /tmp/bench.lock bench/run --preset national --db postgres --reuse   # load test only
    flock /tmp/bench.lock bench/run --preset national --db postgres --reuse --nightly  # after the nightly job

Steps, each timed: a fresh database (SQLite file under var/bench-run/, or a PostgreSQL database
`alliances_bench_<preset>` on 127.0.0.1), migrations + the official referential of territories +
the demo, the register files (RNA waldec, SIRENE stock), their import with the real commands,
the platform's contents through the services, the observatory refresh (the nightly task), then
the load test (bench/load.py: Gunicorn with the production settings, Locust headless, 20 clients).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PG_BASE = os.environ.get("BENCH_PG_URL", "postgres://alliances:alliances@127.0.0.1:5432")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--preset", choices=["departement", "national"], default="departement")
    parser.add_argument("--departement", default="48")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--users", type=int, default=20, help="clients simultanés de la mesure de charge")
    parser.add_argument("--duration", type=int, default=120, help="durée de la mesure de charge (s)")
    parser.add_argument("--workers", type=int, default=5, help="workers Gunicorn (2 × cœurs + 1)")
    parser.add_argument("--threads", type=int, default=1, help="threads par worker Gunicorn (> 1 : gthread)")
    parser.add_argument(
        "--think",
        default="",
        help="pause de chaque client entre deux pages, ex. 1-5 (s) : profil « utilisateurs » ; "
        "sans : profil « saturation »",
    )
    parser.add_argument("--reuse", action="store_true", help="garder la base déjà générée : mesure de charge seule")
    parser.add_argument(
        "--nightly",
        action="store_true",
        help="avec --reuse : relancer d'abord le travail de la nuit (observatoire et décomptes de "
        "l'annuaire par territoire, gardés 36 h), comme en production",
    )
    parser.add_argument("--no-load", action="store_true", help="générer et importer sans mesure de charge")
    parser.add_argument("--sizes", default="", help="tailles imposées, ex. associations=200000,establishments=300000")
    return parser.parse_args(argv)


def environment(args) -> tuple[dict[str, str], Path, str]:
    tag = "national" if args.preset == "national" else f"departement-{args.departement}"
    var = ROOT / "var" / "bench-run" / f"{tag}-{args.db}"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "ALLIANCES_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "PYTHONPATH": str(ROOT),
        "ALLIANCES_API_RATE_ANON": "",  # every request comes from one address
    }
    database = ""
    if args.db == "postgres":
        database = f"alliances_bench_{tag.replace('-', '_')}"
        env["DATABASE_URL"] = f"{PG_BASE}/{database}"
    return env, var, database


def fresh_database(args, var: Path, database: str) -> None:
    if var.exists():
        shutil.rmtree(var)
    var.mkdir(parents=True)
    if database:
        import psycopg

        with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{database}"')


def step(label: str, command: list[str], env: dict, timings: list) -> None:
    print(f"\n== {label}", flush=True)
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    timings.append((label, time.monotonic() - started))


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main(argv=None) -> Path:
    args = parse_args(argv)
    env, var, database = environment(args)
    python = sys.executable
    started_at = datetime.now()
    before = uptime()
    generate = [
        python,
        "-m",
        "bench.scale.generate",
        "--preset",
        args.preset,
        "--departement",
        args.departement,
        "--seed",
        str(args.seed),
        "--out",
        str(var / "data"),
    ]
    for pair in filter(None, args.sizes.split(",")):
        name, value = pair.split("=")
        generate += [f"--{name.strip()}", value.strip()]
    timings: list[tuple[str, float]] = []
    if not args.reuse:
        fresh_database(args, var, database)
        step("base, référentiel des territoires, démonstration", [*generate, "--phase", "setup"], env, timings)
        step("fichiers RNA et SIRENE synthétiques", [*generate, "--phase", "files"], env, timings)
        step("imports RNA et SIRENE (commandes réelles)", [*generate, "--phase", "import"], env, timings)
        step("contenus par les services", [*generate, "--phase", "apps"], env, timings)
        step("rafraîchissement de l'observatoire", [python, "manage.py", "refresh_observatory"], env, timings)
    else:
        # The reused database may predate the code's last migrations (a new table would be a 500).
        step("migrations de la base réutilisée", [python, "manage.py", "migrate", "--noinput", "-v0"], env, timings)
        if args.nightly:
            step(
                "travail de la nuit (observatoire, décomptes de l'annuaire)",
                [python, "manage.py", "refresh_observatory", "--no-exports"],
                env,
                timings,
            )
    manifest_path = var / "data" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    load_report = ""
    if not args.no_load:
        from bench import load

        os.environ.update(env)
        if "DATABASE_URL" not in env:
            os.environ.pop("DATABASE_URL", None)
        print(f"\n== charge : {args.users} clients, {args.duration} s", flush=True)
        load_started = time.monotonic()
        result = load.run_load(
            users=args.users,
            duration=args.duration,
            workers=args.workers,
            port=8765,
            manifest=manifest_path,
            results_dir=var / "load",
            think=args.think,
            threads=args.threads,
        )
        timings.append(("mesure de charge", time.monotonic() - load_started))
        load_report = load.render(result)
    report = render(args, manifest, timings, before, uptime(), load_report, started_at)
    output = (
        ROOT
        / "bench"
        / "results"
        / (
            f"run-{args.preset}{'' if args.preset == 'national' else '-' + args.departement}-{args.db}-"
            f"{started_at:%Y%m%d-%H%M}{'-utilisateurs' if args.think else ''}"
            f"{'' if (args.workers, args.threads) == (5, 1) else f'-w{args.workers}t{args.threads}'}.md"
        )
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report, encoding="utf-8")
    print("\n" + report)
    print(f"→ {output.relative_to(ROOT)}")
    return output


def _rate(rows: int | None, seconds: float | None) -> str:
    return f"{rows / seconds:,.0f} lignes/s".replace(",", " ") if rows and seconds else ""


def render(args, manifest: dict, timings, before: str, after: str, load_report: str, started_at: datetime) -> str:
    command = "bench/run " + " ".join(a for a in sys.argv[1:]) if sys.argv[1:] else "bench/run"
    sizes = manifest.get("sizes", {})
    counts = manifest.get("apps_counts", {})
    lines = [
        f"# Banc de bout en bout : préréglage {args.preset}"
        f"{'' if args.preset == 'national' else ' (département ' + args.departement + ')'}, "
        f"{'PostgreSQL' if args.db == 'postgres' else 'SQLite'}",
        "",
        f"- Date : {started_at:%Y-%m-%d %H:%M} ; commande : `flock /tmp/bench.lock {command}`",
        f"- Machine : {os.cpu_count()} cœurs, Python {platform.python_version()} ; `uptime` avant : `{before}` ; "
        f"après : `{after}`",
        f"- Graine : {manifest.get('seed')} ; tailles : "
        + ", ".join(f"{k} {v:,}".replace(",", " ") for k, v in sizes.items()),
        f"- Fichiers : {manifest.get('rna_rows', '?')} lignes RNA waldec, {manifest.get('sirene_establishments', '?')} "
        f"établissements et {manifest.get('sirene_legal_units', '?')} unités légales SIRENE ; "
        f"{manifest.get('organisations_flagged_demo', '?')} organisations importées (toutes `is_demo`)",
        "",
        "| étape | durée |",
        "|---|---|",
    ]
    lines += [f"| {label} | {seconds:.0f} s |" for label, seconds in timings]
    if args.reuse:  # the generation's own timings are in the report of the run that generated the base
        lines.append("| (`--reuse` : base déjà générée et importée, étapes non refaites) | |")
    elif manifest.get("import_rna_s"):
        lines += [
            f"| dont `import_rna` | {manifest['import_rna_s']:.0f} s ({_rate(manifest.get('rna_rows'), manifest['import_rna_s'])}) |",
            f"| dont `import_sirene` | {manifest['import_sirene_s']:.0f} s "
            f"({_rate(manifest.get('sirene_establishments'), manifest['import_sirene_s'])}) |",
        ]
    for name, seconds in ({} if args.reuse else manifest.get("apps_s", {})).items():
        lines.append(f"| dont {name} ({counts.get(name, '?')}) | {seconds:.0f} s |")
    if load_report:
        lines += ["", load_report]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
