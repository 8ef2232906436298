#!/usr/bin/env python
"""Load test against a real server: Gunicorn with the production settings, on loopback.

    .venv/bin/python bench/load.py --users 20 --duration 60 [--workers 3] [--port 8765]

Uses the database of the environment (DATABASE_URL, or the SQLite file under var/): load the
referential and the demo first (`make setup`). Writes bench/results/load-<date>.md with, per
endpoint, p50/p95/p99 and throughput, next to the `bonjour` baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"Le serveur ne répond pas sur {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=int, default=60, help="secondes")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-" + "k" * 50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
    }
    subprocess.run([str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "--workers", str(args.workers), "--bind", f"127.0.0.1:{args.port}",
         "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        wait_until_up(f"{base}/sante")
        prefix = ROOT / "bench" / "results" / "locust"
        subprocess.run(
            [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--host", base,
             "-u", str(args.users), "-r", str(args.users), "-t", f"{args.duration}s", "--csv", str(prefix),
             "--only-summary"],
            cwd=ROOT, check=False,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = render(prefix.with_name("locust_stats.csv"), args)
    output = ROOT / "bench" / "results" / f"load-{datetime.now():%Y%m%d-%H%M}.md"
    output.write_text(report, encoding="utf-8")
    print(report)
    print(f"→ {output.relative_to(ROOT)}")


def render(stats_csv: Path, args) -> str:
    with stats_csv.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    lines = [
        f"Charge : {args.users} clients simultanés pendant {args.duration} s, Gunicorn {args.workers} workers "
        f"(réglages de production), {database}, {datetime.now():%Y-%m-%d %H:%M}.",
        "",
        "| point d'accès | requêtes | erreurs | p50 (ms) | p95 (ms) | p99 (ms) | req/s |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in sorted(rows, key=lambda r: (r["Name"] != "bonjour (référence)", r["Name"] == "Aggregated", r["Name"])):
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} | "
            f"{row['99%']} | {float(row['Requests/s']):.1f} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
