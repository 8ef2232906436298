"""Benchmark of the directory's lists without a text query at national scale (issue #11).

Usage (from the repository root, on a database with the national register loaded):

    DATABASE_URL=postgres://…/alliances_bench_national python bench/actors_list.py --repeat 20

Times, server side through Django's test client (no network), the pages and API calls that list
organisations without a text query: the whole country, a région, a big and a small département,
sorted by name (the default). The first call of each counts the organisations; the next ones read
that count from the cache for 10 minutes (see `alliances.actors.selectors.counted`). Baseline in
the same run: the health page `/sante`. Prints median, p95 and the SQL query count of each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLIANCES_API_RATE_ANON", "")  # every request comes from one address

URLS = [
    ("référence : /sante", "/sante", {}),
    ("annuaire, France entière", "/acteurs/", {}),
    ("annuaire, France entière, page 300", "/acteurs/", {"page": 300}),
    ("annuaire, région Île-de-France", "/acteurs/", {"territoire": "region:11"}),
    ("annuaire, département du Nord", "/acteurs/", {"territoire": "departement:59"}),
    ("annuaire, Lozère", "/acteurs/", {"territoire": "departement:48"}),
    ("API, France entière", "/api/v1/acteurs", {}),
    (
        "API, Nord, associations actives",
        "/api/v1/acteurs",
        {"departement": "59", "type": "association", "actif": "true"},
    ),
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from alliances.actors.models import Organisation

    setup_test_environment()
    cache.clear()
    client = Client()
    print("charge avant :", os.getloadavg())
    print(f"{connection.vendor}, {Organisation.objects.count():,} organisations".replace(",", " "))
    print("| appel | 1er appel (compte) | suivants, médiane / p95 | requêtes SQL |")
    print("|---|---|---|---|")
    for label, url, params in URLS:
        times = []
        for _ in range(args.repeat + 1):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, params)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        rest = times[1:]
        print(
            f"| {label} | {times[0]:.0f} ms | {statistics.median(rest):.0f} / {percentile(rest, 0.95):.0f} ms "
            f"| {len(queries)} |"
        )
    print("charge après :", os.getloadavg())


if __name__ == "__main__":
    main()
