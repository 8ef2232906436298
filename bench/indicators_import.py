"""Benchmark: national Filosofi import and a synthetic national comparateur import.

    /work/main/.venv/bin/python bench/indicators_import.py [--db /tmp/bench_indicators.sqlite3]

Each import runs as its own `manage.py import_indicators` process on a fresh SQLite database
holding the whole referential; the script reports wall time and the child's peak memory
(max RSS). Baseline measured in the same run: parsing the same file without any database
write (pure parser), and `manage.py check` (the cost of starting Django).
Targets (issue 3): < 20 s and < 300 MB for each import.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "real"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/data/real")
PYTHON = sys.executable


CPU: dict[str, float] = {}


def run(args: list[str], env: dict) -> tuple[float, float, str]:
    """Run a child process; return (seconds, peak MB of that child, stdout).

    The child's CPU time (user + system) is kept in CPU["last"]: on a shared machine it says
    what the work costs, whatever the other processes do to the wall time.
    """
    started = time.perf_counter()
    # GNU time reports the child's own max RSS and CPU (getrusage would mix all children).
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%M %U %S", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(f"{' '.join(args)} a échoué :\n{result.stderr[-2000:]}")
    peak_kb, user, system = result.stderr.strip().splitlines()[-1].split()
    CPU["last"] = float(user) + float(system)
    return elapsed, int(peak_kb) / 1024, result.stdout.strip()


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def synthetic_comparateur(path: Path, env: dict) -> int:
    """A national-size comparateur: the real 2025 header, one row per current commune of the
    referential, plausible values, decimal commas in PIMP21/TP6021 and some `s`."""
    header = (SHARED / "base_cc_comparateur_2025_extrait.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    codes = subprocess.run(
        [
            PYTHON,
            "-c",
            "import django,os;os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings');"
            "django.setup();from alliances.territories.models import Territory;"
            "print('\\n'.join(Territory.objects.current_communes().values_list('code', flat=True)))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    rng = random.Random(3)
    columns = header.split(";")
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(columns)
        for code in codes:
            pop = rng.randint(50, 30000)
            row = [code]
            for name in columns[1:]:
                if name in ("PIMP21", "TP6021"):
                    row.append("s" if pop < 2000 else f"{rng.uniform(5, 70):.1f}".replace(".", ","))
                elif name == "MED21":
                    row.append(str(rng.randint(15000, 35000)))
                elif name == "SUPERF":
                    row.append(f"{rng.uniform(1, 100):.2f}")
                else:
                    row.append(repr(pop * rng.uniform(0.01, 1.1)))
            row[1] = str(pop)
            writer.writerow(row)
    return len(codes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=os.path.join(tempfile.gettempdir(), "bench_indicators.sqlite3"))
    parser.add_argument(
        "--keep-db", action="store_true", help="réutiliser la base (référentiel déjà chargé) au lieu de la recréer"
    )
    options = parser.parse_args()
    db = Path(options.db)
    if not options.keep_db:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "config.settings"}
    manage = [PYTHON, "manage.py"]
    print(f"Base : {db} — charge au départ (1, 5, 15 min) : {load()}")
    run([*manage, "migrate", "--noinput", "-v0"], env)
    seconds, _, _ = run([*manage, "load_territories"], env)
    print(
        f"Référentiel chargé en {seconds:.1f} s (déjà chargé : rien à faire)"
        if options.keep_db
        else f"Référentiel chargé en {seconds:.1f} s"
    )

    check_s, check_mb, _ = run([*manage, "check"], env)
    print(
        f"Référence : démarrage de Django (manage.py check) {check_s:.2f} s (CPU {CPU['last']:.1f} s), {check_mb:.0f} Mo"
    )

    filosofi = SHARED / "cc_filosofi_2021_COM.csv"
    parse_s, _parse_mb, _ = run(
        [
            PYTHON,
            "-c",
            "import sys;from alliances.indicators.importers.filosofi import parse_filosofi;"
            f"f=open({str(filosofi)!r});n=sum(1 for _ in parse_filosofi(f));print(n)",
        ],
        env,
    )
    print(f"Référence : analyse seule de Filosofi (sans base) {parse_s:.2f} s (CPU {CPU['last']:.1f} s)")
    for attempt in ("1er import", "2e import (mise à jour)"):
        seconds, peak, out = run([*manage, "import_indicators", "-v0", "--source", "filosofi", str(filosofi)], env)
        print(
            f"Filosofi national (34 909 lignes), {attempt} : {seconds:.1f} s (CPU {CPU['last']:.1f} s), "
            f"pic mémoire {peak:.0f} Mo — {out.splitlines()[0]}"
        )

    synthetic = Path(tempfile.gettempdir()) / "base_cc_comparateur_synthetique.csv"
    rows = synthetic_comparateur(synthetic, env)
    parse_s, _, _ = run(
        [
            PYTHON,
            "-c",
            "from alliances.indicators.importers.comparateur import parse_comparateur;"
            f"f=open({str(synthetic)!r});print(sum(1 for _ in parse_comparateur(f)))",
        ],
        env,
    )
    print(f"Référence : analyse seule du comparateur synthétique (sans base) {parse_s:.2f} s (CPU {CPU['last']:.1f} s)")
    for attempt in ("1er import", "2e import (mise à jour)"):
        seconds, peak, out = run([*manage, "import_indicators", "-v0", "--source", "comparateur", str(synthetic)], env)
        print(
            f"Comparateur synthétique national ({rows} lignes), {attempt} : {seconds:.1f} s (CPU {CPU['last']:.1f} s), "
            f"pic mémoire {peak:.0f} Mo — {out.splitlines()[0]}"
        )
    seconds, peak, out = run([*manage, "import_postal_codes", "-v0", str(SHARED / "laposte_hexasmal.csv")], env)
    print(
        f"Codes postaux La Poste (39 192 lignes) : {seconds:.1f} s (CPU {CPU['last']:.1f} s), pic mémoire {peak:.0f} Mo"
    )
    print(f"Charge à la fin (1, 5, 15 min) : {load()}")


if __name__ == "__main__":
    main()
