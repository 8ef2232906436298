#!/usr/bin/env python
"""Load test against a real server: Gunicorn with the production settings, on loopback.

    .venv/bin/python bench/load.py --users 20 --duration 60 [--workers 5] [--threads 1] [--port 8765]
        [--think 1-5] [--manifest var/bench/departement-48/manifest.json] [--output bench/results/x.md]

Profiles: without `--think`, clients barely pause (saturation: throughput, cost under full
contention); `--think 1-5` makes each client pause 1 to 5 s between pages like a person reading
them (what 20 concurrent officials see). `--threads N` (N > 1) runs Gunicorn's `gthread` workers.

Uses the database of the environment (DATABASE_URL, or the SQLite file under ALLIANCES_VAR_DIR):
load the referential and data first (`bench/generate`, or `make setup` for the demo). Writes a
Markdown report with, per endpoint, the client's p50/p95/p99 (Locust), the server's own p50/p95
(Gunicorn's access log, `%(D)s`: what the request costs, without the client's queueing on this
2-core machine), errors and throughput, next to the `bonjour` baseline measured in the same run;
and the resident memory of the Gunicorn workers, sampled every few seconds.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import defaultdict
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BASELINE = "bonjour (référence)"
# Gunicorn's access log: the bench name of the request (a header the locustfile sends), status, µs.
ACCESS_FORMAT = "%({x-bench-name}i)s|%(s)s|%(D)s"


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"Le serveur ne répond pas sur {url}")


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def worker_pids(master: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        return []


class MemorySampler(threading.Thread):
    """Sample the RSS of each Gunicorn worker every `every` seconds: (elapsed s, {pid: MB})."""

    def __init__(self, master: int, every: float):
        super().__init__(daemon=True)
        self.master, self.every, self.samples = master, every, []
        self.stopped = threading.Event()
        self.started_at = time.monotonic()

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            pids = worker_pids(self.master)
            self.samples.append((time.monotonic() - self.started_at, {pid: rss_mb(pid) for pid in pids}))


def server_environment() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-" + "k" * 50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        # The Locust clients all come from 127.0.0.1: the API's rate limit would measure itself.
        "ALLIANCES_API_RATE_ANON": "",
        "ALLIANCES_API_RATE_AUTH": "",
    }


def run_load(
    *,
    users: int,
    duration: int,
    workers: int,
    port: int,
    manifest: Path | None,
    results_dir: Path,
    memory_every: float = 5.0,
    during=None,
    think: str = "",
    threads: int = 1,
) -> dict:
    """Start Gunicorn, run Locust headless, stop Gunicorn; return the raw figures.

    `during(elapsed_fn)` is called in a thread while the load runs (the soak test restarts
    PostgreSQL from there).
    """
    env = server_environment()
    results_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    # The production settings keep the cache in a database table (shared by every server).
    subprocess.run([str(BIN / "python"), "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    base = f"http://127.0.0.1:{port}"
    access_log = results_dir / "gunicorn-access.log"
    access_log.unlink(missing_ok=True)
    worker_options = ["--worker-class", "gthread", "--threads", str(threads)] if threads > 1 else []
    uptime_before = os.getloadavg()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--workers",
            str(workers),
            *worker_options,
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            ACCESS_FORMAT,
        ],
        cwd=ROOT,
        env=env,
    )
    sampler = None
    try:
        wait_until_up(f"{base}/sante")
        sampler = MemorySampler(server.pid, memory_every)
        sampler.start()
        extra = None
        if during is not None:
            extra = threading.Thread(target=during, args=(lambda: time.monotonic() - sampler.started_at,), daemon=True)
            extra.start()
        prefix = results_dir / "locust"
        locust_env = {**os.environ, **({"BENCH_MANIFEST": str(manifest)} if manifest else {}), "BENCH_THINK": think}
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--host",
                base,
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{duration}s",
                "--csv",
                str(prefix),
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            cwd=ROOT,
            env=locust_env,
            check=False,
        )
        if extra is not None:
            extra.join(timeout=120)
    finally:
        if sampler is not None:
            sampler.stopped.set()
        server.terminate()
        server.wait(timeout=30)
    with (results_dir / "locust_stats.csv").open(encoding="utf-8") as handle:
        client = list(csv.DictReader(handle))
    with (results_dir / "locust_failures.csv").open(encoding="utf-8") as handle:
        failures = list(csv.DictReader(handle))
    return {
        "client": client,
        "failures": failures,
        "server": server_times(access_log),
        "memory": sampler.samples if sampler else [],
        "users": users,
        "duration": duration,
        "workers": workers,
        "threads": threads,
        "think": think,
        "load_before": uptime_before,
        "load_after": os.getloadavg(),
    }


def server_times(access_log: Path) -> dict[str, list[float]]:
    """Server time (ms) of each request, by bench name (requests without the header are skipped)."""
    times: dict[str, list[float]] = defaultdict(list)
    if access_log.exists():
        for line in access_log.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.rsplit("|", 2)
            if len(parts) == 3 and parts[0] not in ("", "-"):
                times[parts[0]].append(int(parts[2]) / 1000)
    return times


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] if values else 0.0


def profile_label(result: dict) -> str:
    """How the clients behave, in words: the two profiles must never be confused in a report."""
    think = result.get("think") or ""
    if think:
        low, _, high = think.partition("-")
        return f"profil « utilisateurs » : chaque client attend {low} à {high or low} s entre deux pages"
    return "profil « saturation » : clients presque sans pause (0 à 0,3 s), débit maximal"


def server_label(result: dict) -> str:
    threads = result.get("threads", 1)
    workers = f"Gunicorn {result['workers']} workers"
    return f"{workers} `gthread` × {threads} threads" if threads > 1 else f"{workers} synchrones"


def render(result: dict, *, title: str = "") -> str:
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    before = result.get("load_before") or os.getloadavg()
    after = result.get("load_after") or os.getloadavg()
    lines = [
        title
        or (
            f"Charge : {result['users']} clients simultanés pendant {result['duration']} s, "
            f"{profile_label(result)} ; {server_label(result)} (réglages de production), {database}, "
            f"{datetime.now():%Y-%m-%d %H:%M} ; charge moyenne (`uptime`, 1/5/15 min) avant "
            f"{before[0]:.2f} {before[1]:.2f} {before[2]:.2f}, après {after[0]:.2f} {after[1]:.2f} {after[2]:.2f}."
        ),
        "",
        "| point d'accès | requêtes | erreurs | client p50 | client p95 | client p99 | serveur p50 | serveur p95 "
        "| serveur p99 | req/s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    server = result["server"]
    rows = sorted(result["client"], key=lambda r: (r["Name"] != BASELINE, r["Name"] == "Aggregated", r["Name"]))
    for row in rows:
        times = server.get(row["Name"], [])
        if row["Name"] == "Aggregated":
            times = [t for values in server.values() for t in values]
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} | "
            f"{row['99%']} | {percentile(times, 50):.0f} | {percentile(times, 95):.0f} | "
            f"{percentile(times, 99):.0f} | {float(row['Requests/s']):.1f} |"
        )
    lines += [
        "",
        "Temps en millisecondes. *Client* : vu par Locust (file d'attente comprise, Locust partageant "
        "les 2 cœurs) ; *serveur* : mesuré par Gunicorn pour la même requête (`%(D)s`).",
    ]
    if result["failures"]:
        lines += ["", "Erreurs :", ""] + [
            f"- {f['Method']} {f['Name']} : {f['Error']} ({f['Occurrences']} fois)" for f in result["failures"]
        ]
    memory = memory_summary(result["memory"])
    if memory:
        lines += ["", memory]
    return "\n".join(lines) + "\n"


def memory_summary(samples: list) -> str:
    """Workers' RSS at the first and last quarter of the run: growth is what a leak looks like."""
    if len(samples) < 4:
        return ""
    quarter = max(1, len(samples) // 4)
    first = [mb for _, per in samples[:quarter] for mb in per.values() if mb]
    last = [mb for _, per in samples[-quarter:] for mb in per.values() if mb]
    peak = max((mb for _, per in samples for mb in per.values()), default=0)
    if not first or not last:
        return ""
    return (
        f"Mémoire des workers Gunicorn (RSS, {len(samples)} relevés) : moyenne {statistics.mean(first):.0f} Mo "
        f"au premier quart de la mesure, {statistics.mean(last):.0f} Mo au dernier quart, pic {peak:.0f} Mo."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=int, default=60, help="secondes")
    parser.add_argument("--workers", type=int, default=5, help="workers Gunicorn (2 × cœurs + 1)")
    parser.add_argument("--threads", type=int, default=1, help="threads par worker (> 1 : workers gthread)")
    parser.add_argument("--think", default="", help="pause de chaque client entre deux pages, ex. 1-5 (s)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--manifest", type=Path, help="manifest.json de bench/generate (communes, comptes)")
    parser.add_argument("--output", type=Path, help="rapport Markdown (défaut bench/results/load-<date>.md)")
    args = parser.parse_args()
    result = run_load(
        users=args.users,
        duration=args.duration,
        workers=args.workers,
        port=args.port,
        manifest=args.manifest,
        results_dir=ROOT / "var" / "bench-load",
        think=args.think,
        threads=args.threads,
    )
    report = render(result)
    output = args.output or ROOT / "bench" / "results" / f"load-{datetime.now():%Y%m%d-%H%M}.md"
    output.write_text(report, encoding="utf-8")
    print(report)
    print(f"→ {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")


if __name__ == "__main__":
    main()
