"""What a freshly started worker costs: loading the WSGI application, then its first requests.

    DATABASE_URL=postgres://…/alliances_bench_national python -m bench.scale.profile_cold_start \
        [--repeat 3] [/compte/login/ /]

Each sample is a new Python process (as a Gunicorn worker is after a restart): the wall and CPU
time of `import config.wsgi` (Django's setup, plus what the application prepares at start),
then of the first and second GET of each URL (Django's test client, DEBUG off). Shows how long
the first visitor of a worker waits beyond a warm request.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "0"
os.environ["ALLOWED_HOSTS"] = "testserver"
out = {}
wall, cpu = time.perf_counter(), time.process_time()
import config.wsgi  # noqa: E402,F401
out["chargement de l'application"] = ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)
from django.test import Client  # noqa: E402
client = Client()
for url in sys.argv[1:]:
    for attempt in ("1re", "2e"):
        wall, cpu = time.perf_counter(), time.process_time()
        assert client.get(url).status_code == 200, url
        out[f"{url} ({attempt} requête)"] = ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("urls", nargs="*", default=["/compte/login/", "/"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    samples: dict[str, list[tuple[float, float]]] = {}
    for _ in range(args.repeat):
        result = subprocess.run(
            [sys.executable, "-W", "ignore", "-c", CHILD, *args.urls],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        for step, times in json.loads(result.stdout.strip().splitlines()[-1]).items():
            samples.setdefault(step, []).append(tuple(times))
    print("| étape | temps médian (ms) | CPU médian (ms) |")
    print("|---|---|---|")
    for step, times in samples.items():
        print(
            f"| {step} | {statistics.median(t[0] for t in times):.0f} | {statistics.median(t[1] for t in times):.0f} |"
        )


if __name__ == "__main__":
    main()
