"""Generate the synthetic dataset (deterministic from --seed) and load it.

    bench/generate --preset departement --departement 48          # one département, all phases
    bench/generate --preset national --phase files                # only write the register files
    bench/generate --preset departement --associations 5000 --users 2000

Phases, in order (`--phase` runs one; default all):
  setup    migrate, load the official referential of territories (all communes) and the demo;
  files    write the RNA waldec and SIRENE stock files (official formats) in --out;
  import   import them with the real commands (`import_rna`, `import_sirene`), then flag the
           imported organisations `is_demo` (they are fictional);
  apps     users, practices, alliances (members, commitments, meetings, indicators), catalysts,
           self-assessments through the apps' services (see bench/scale/apps.py).
The database is the environment's (DATABASE_URL, or the SQLite file under ALLIANCES_VAR_DIR).
A manifest (`manifest.json` in --out) records sizes, timings and the accounts the load test uses.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PHASES = ("setup", "files", "import", "apps")
RNA_FILE = "rna_waldec_20261101_synthetique.csv"
ETAB_FILE = "StockEtablissement_utf8_synthetique.csv"
UL_FILE = "StockUniteLegale_utf8_synthetique.csv"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/generate", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--preset", choices=["departement", "national"], default="departement")
    parser.add_argument("--departement", default="48", help="code du département (préréglage departement)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--phase",
        choices=PHASES,
        action="append",
        dest="phases",
        help="n'exécuter que cette phase (répétable) ; par défaut toutes",
    )
    parser.add_argument(
        "--bulk",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="insertion en bloc des contenus (défaut : oui pour national, non sinon)",
    )
    parser.add_argument("--out", type=Path, help="dossier des fichiers générés (défaut var/bench/<préréglage>)")
    for name in ("associations", "establishments", "practices", "alliances", "catalysts", "users", "assessments"):
        parser.add_argument(f"--{name}", type=int, help=f"nombre de {name} (remplace le préréglage)")
    return parser.parse_args(argv)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def communes_for(preset: str, departement: str):
    """(Territory rows, national commune count, national population) of the preset's area."""
    from django.db.models import Sum

    from alliances.territories.models import Territory

    everything = Territory.objects.current_communes()
    national = everything.aggregate(n=Sum("population"))["n"] or 0
    chosen = everything if preset == "national" else everything.filter(departement__code=departement)
    communes = list(chosen.select_related("departement", "region").order_by("code"))
    if not communes:
        raise SystemExit(f"Aucune commune pour le département {departement} : chargez le référentiel (phase setup).")
    return communes, everything.count(), national


def plan(args: argparse.Namespace):
    """Sizes and per-commune counts of organisations for the chosen preset."""
    from alliances.territories.models import PostalCode
    from bench.scale import presets
    from bench.scale.files import Commune

    territories, national_communes, national_population = communes_for(args.preset, args.departement)
    postal: dict[int, str] = {}
    for code, commune_id in (
        PostalCode.objects.filter(commune__in=territories).values_list("code", "commune_id").order_by("code")
    ):
        postal.setdefault(commune_id, code)
    communes = [Commune(t.code, t.name, postal.get(t.pk, t.code), t.population or 0) for t in territories]
    populations = [c.population for c in communes]
    wanted = presets.NATIONAL
    associations = presets.per_commune(
        wanted.associations, presets.ASSOCIATION_FLOOR, populations, national_communes, national_population
    )
    establishments = presets.per_commune(
        wanted.establishments, presets.ESTABLISHMENT_FLOOR, populations, national_communes, national_population
    )
    if args.preset == "national":
        sizes = presets.NATIONAL
    else:
        sizes = presets.departement_sizes(
            sum(populations) * presets.NATIONAL_POPULATION // max(national_population, 1),
            associations=sum(associations),
            establishments=sum(establishments),
        )
    sizes = presets.with_overrides(sizes, **{k: getattr(args, k) for k in sizes.as_dict()})
    # An explicit total rescales the per-commune split, keeping its shape.
    associations = _rescale(associations, sizes.associations)
    establishments = _rescale(establishments, sizes.establishments)
    return sizes, territories, communes, associations, establishments


def _rescale(counts: list[int], total: int) -> list[int]:
    current = sum(counts)
    if current == total or not counts:
        return counts
    scaled, carry = [], 0.0
    for count in counts:
        exact = count * total / max(current, 1) + carry
        scaled.append(int(exact))
        carry = exact - int(exact)
    scaled[-1] += total - sum(scaled)
    return scaled


def phase_setup() -> dict:
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_territories", verbosity=1)
    call_command("load_demo", verbosity=1)
    return {"setup_s": round(time.monotonic() - started, 1)}


def phase_files(args, out: Path, communes, associations, establishments) -> dict:
    from bench.scale.files import write_rna, write_sirene

    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    pairs = list(zip(communes, associations, strict=True))
    rna = write_rna(out / RNA_FILE, pairs, args.seed)
    # Associations registered in SIRENE point at RNA ids of their commune (active ones first).
    rna_ids: dict[str, list[str]] = {}
    greffe_seq: dict[str, int] = {}
    for commune, count in pairs:
        start = greffe_seq.get(commune.greffe, 0)
        rna_ids[commune.code] = [f"W{commune.greffe}{n:06d}" for n in range(start + 1, start + count + 1)]
        greffe_seq[commune.greffe] = start + count
    etab, ul = write_sirene(
        out / ETAB_FILE, out / UL_FILE, list(zip(communes, establishments, strict=True)), args.seed, rna_ids=rna_ids
    )
    seconds = round(time.monotonic() - started, 1)
    print(
        f"  fichiers : {rna} associations (RNA), {etab} établissements / {ul} unités légales (SIRENE) en {seconds:.0f} s"
    )
    return {"rna_rows": rna, "sirene_establishments": etab, "sirene_legal_units": ul, "files_s": seconds}


def phase_import(args, out: Path) -> dict:
    """Run the real import commands; each one's duration is recorded."""
    from django.core.management import call_command

    from alliances.actors.models import Organisation

    result = {}
    started = time.monotonic()
    call_command("import_rna", str(out / RNA_FILE), rejects=out / "rejets-rna.csv", verbosity=1)
    result["import_rna_s"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    departements = [] if args.preset == "national" else ["--departement", args.departement]
    call_command(
        "import_sirene",
        "--establishments",
        str(out / ETAB_FILE),
        "--legal-units",
        str(out / UL_FILE),
        *departements,
        "--rejects",
        str(out / "rejets-sirene.csv"),
        verbosity=1,
    )
    result["import_sirene_s"] = round(time.monotonic() - started, 1)
    # Fictional organisations from fictional files: flag them so they carry the demo badge.
    flagged = (
        Organisation.objects.filter(rna_source__endswith=RNA_FILE)
        | Organisation.objects.filter(sirene_source__endswith=ETAB_FILE)
    ).update(is_demo=True)
    result["organisations_flagged_demo"] = flagged
    return result


def analyze() -> dict:
    """Refresh PostgreSQL's planner statistics after a bulk load, as an operator must (docs/exploitation.md).

    Autovacuum analyses a table only after enough changes: a small table filled once (the 50
    themes of the directory, seeded by a migration) may never be analysed, and the planner then
    guesses it has one row. Measured on the national base: the theme counts of Paris's page took
    2 s with that guess, 0.3 to 0.5 s after `ANALYZE`.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"analyze_s": round(time.monotonic() - started, 1)}


def phase_apps(args, sizes, territories) -> dict:
    from alliances.territories.models import Territory
    from bench.scale.apps import load_all

    departements = {t.departement_id for t in territories if t.departement_id}
    regions = {t.region_id for t in territories if t.region_id}
    areas = list(Territory.objects.filter(pk__in=departements | regions))
    # Catalysts work on départements, régions and a few communes of the area.
    step = max(1, len(territories) // 200)
    bulk = args.bulk if args.bulk is not None else args.preset == "national"
    loaded = load_all(sizes, args.seed, communes=territories, region_territories=areas + territories[::step], bulk=bulk)
    return {"apps_counts": loaded.counts, "apps_s": loaded.seconds, "members": loaded.members, "apps_bulk": bulk}


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    setup_django()
    from django.conf import settings
    from django.db import connection

    phases = args.phases or list(PHASES)
    out = args.out or Path(settings.VAR_DIR) / "bench" / (
        "national" if args.preset == "national" else f"departement-{args.departement}"
    )
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    if "setup" in phases:
        manifest |= phase_setup()
    sizes, territories, communes, associations, establishments = plan(args)
    manifest |= {
        "preset": args.preset,
        "departement": args.departement if args.preset != "national" else None,
        "seed": args.seed,
        "database": connection.vendor,
        "sizes": sizes.as_dict(),
        "communes": [c.code for c in sorted(communes, key=lambda c: -c.population)[:30]],
    }
    out.mkdir(parents=True, exist_ok=True)
    if "files" in phases:
        manifest |= phase_files(args, out, communes, associations, establishments)
    if "import" in phases:
        manifest |= phase_import(args, out)
    if "apps" in phases:
        manifest |= phase_apps(args, sizes, territories)
    if "import" in phases or "apps" in phases:
        manifest |= analyze()
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"→ {manifest_path}")
    return manifest


if __name__ == "__main__":
    main()
