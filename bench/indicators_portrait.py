"""Benchmark: the portrait page at 10 concurrent clients, against a bare "hello" view, same server.

    /work/main/.venv/bin/python bench/indicators_portrait.py [--db /tmp/bench_indicators.sqlite3] [--seconds 20]

Uses the database built by bench/indicators_import.py (referential + national Filosofi +
synthetic national comparateur + La Poste coordinates). Serves with Gunicorn on 127.0.0.1
(2 workers, DEBUG off), drives it with 10 threads for a bounded time per URL, and reports the
p50/p95 of the client latency and of the server time (Server-Timing header added by a
middleware of the benchmark settings). Target (issue 3): portrait p95 < 100 ms server time.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
URLS = [
    ("hello (vue Django nue)", "/bench-hello/"),
    ("portrait imprimable de Mende", "/territoires/commune/48095/portrait/"),
    ("page de territoire de Mende (portrait + autres sections)", "/territoires/commune/48095/"),
    ("API indicateurs de Mende", "/api/v1/communes/48095/indicateurs"),
]
_DUR = re.compile(r"app;dur=([\d.]+)")
_CPU = re.compile(r"cpu;dur=([\d.]+)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def drive(base: str, path: str, seconds: float, clients: int = 10):
    client_ms: list[float] = []
    server_ms: list[float] = []
    cpu_ms: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(base + path, timeout=30) as response:
                    response.read()
                    timing = response.headers.get("Server-Timing", "")
                    status = response.status
            except Exception:
                with lock:
                    errors += 1
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if status == 200:
                    client_ms.append(elapsed)
                    if m := _DUR.search(timing):
                        server_ms.append(float(m.group(1)))
                    if m := _CPU.search(timing):
                        cpu_ms.append(float(m.group(1)))
                else:
                    errors += 1

    with ThreadPoolExecutor(clients) as pool:
        for _ in range(clients):
            pool.submit(worker)
    return client_ms, server_ms, cpu_ms, errors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=os.path.join(tempfile.gettempdir(), "bench_indicators.sqlite3"))
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    if not Path(options.db).is_file():
        raise SystemExit("Base absente : lancer d'abord bench/indicators_import.py")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{options.db}",
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "indicators_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "bench"), str(ROOT)]),
        "ALLIANCES_API_RATE_ANON": "",  # every request comes from one address
    }
    # The base may predate migrations of other apps (the territory page shows their sections).
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        check=True,
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(options.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/bench-hello/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        for _, path in URLS:  # warm-up: imports, template compilation, first queries
            for _ in range(3):
                urllib.request.urlopen(base + path, timeout=30).read()
        print(f"Gunicorn {options.workers} workers, 10 clients simultanés, {options.seconds:.0f} s par URL")
        print(
            f"Charge de la machine au départ (1, 5, 15 min) : {', '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cœurs)"
        )
        print(
            "| URL | requêtes | erreurs | client p50 (ms) | client p95 (ms) | serveur p50 (ms) | serveur p95 (ms) "
            "| CPU serveur p50 (ms) | CPU serveur p95 (ms) |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for label, path in URLS:
            client_ms, server_ms, cpu_ms, errors = drive(base, path, options.seconds)
            print(
                f"| {label} `{path}` | {len(client_ms)} | {errors} | {statistics.median(client_ms):.1f} | "
                f"{percentile(client_ms, 95):.1f} | {statistics.median(server_ms):.1f} | "
                f"{percentile(server_ms, 95):.1f} | {statistics.median(cpu_ms):.1f} | "
                f"{percentile(cpu_ms, 95):.1f} |",
                flush=True,
            )
        print(f"Charge de la machine à la fin (1, 5, 15 min) : {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
