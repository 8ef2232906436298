"""What the directory's three URLs of the load mix cost at national scale (issues #4 and #11).

    DATABASE_URL=postgres://…/alliances_bench_national python bench/actors_national.py \
        --manifest …/national-postgres/data/manifest.json [--repeat 1] [--only annuaire] [--sql]

The URLs are those of `bench/locustfile.py` (`Visitor.actors`): for every département of the
manifest's communes and every text of TEXTS, `/acteurs/?territoire=departement:D&q=TEXT`; for
every commune, `/acteurs/?territoire=commune:C`; for every département,
`/api/v1/acteurs?departement=D&limit=20`. In-process (Django's test client, no network), the
cache cleared before each request: in the load run each of the 5 workers has its own cache, so
most requests of a 5-minute run are first views. Prints, per URL kind, median / p95 / max of the
wall time, of the SQL time and the number of queries; `--sql` prints the slowest URLs' queries.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLIANCES_API_RATE_ANON", "")  # every request comes from one address
os.environ["DEBUG"] = "0"
os.environ["ALLOWED_HOSTS"] = "testserver"


def _load_mix_texts() -> list[str]:
    """TEXTS of bench/locustfile.py, read without importing it (importing locust patches threads)."""
    import ast

    tree = ast.parse((ROOT / "bench" / "locustfile.py").read_text(encoding="utf-8"))
    return next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and any(getattr(target, "id", "") == "TEXTS" for target in node.targets)
    )


TEXTS = _load_mix_texts()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def urls(communes: list[str]) -> dict[str, list[str]]:
    departements = sorted({c[:3] if c.startswith("97") else c[:2] for c in communes})
    return {
        "annuaire des acteurs": [
            f"/acteurs/?territoire=departement:{d}&q={quote(t)}" for d in departements for t in TEXTS
        ],
        "annuaire des acteurs (commune)": [f"/acteurs/?territoire=commune:{c}" for c in communes],
        "API acteurs": [f"/api/v1/acteurs?departement={d}&limit=20" for d in departements],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--manifest", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--only", help="only the URL kinds whose name contains this")
    parser.add_argument("--sql", action="store_true", help="print the queries of the 3 slowest URLs of each kind")
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    communes = (
        json.loads(args.manifest.read_text(encoding="utf-8"))["communes"]
        if args.manifest
        else ["75056", "13055", "69123", "59350", "48095"]
    )
    client = Client()
    client.get("/_bonjour")
    print("charge avant :", os.getloadavg(), flush=True)
    print("| URL | n | mur médiane / p95 / max (ms) | SQL médiane / p95 (ms) | requêtes SQL (max) |")
    print("|---|---|---|---|---|")
    for kind, kind_urls in urls(communes).items():
        if args.only and args.only not in kind:
            continue
        walls, sqls, counts, slowest = [], [], [], []
        for url in kind_urls:
            for _ in range(args.repeat):
                cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    wall = (time.perf_counter() - started) * 1000
                assert response.status_code == 200, (url, response.status_code)
                walls.append(wall)
                sqls.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
                counts.append(len(queries))
                slowest.append((wall, url, list(queries.captured_queries)))
        print(
            f"| {kind} | {len(walls)} | {statistics.median(walls):.0f} / {percentile(walls, 0.95):.0f} / "
            f"{max(walls):.0f} | {statistics.median(sqls):.0f} / {percentile(sqls, 0.95):.0f} | {max(counts)} |",
            flush=True,
        )
        if args.sql:
            for wall, url, captured in sorted(slowest, key=lambda s: -s[0])[:3]:
                print(f"\n{wall:.0f} ms  {url}")
                for q in sorted(captured, key=lambda q: -float(q["time"]))[:4]:
                    print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:400]}")
            print()
    print("charge après :", os.getloadavg())


if __name__ == "__main__":
    main()
