"""What a page costs once its caches are warm: repeated views, as the load mix makes them.

    DATABASE_URL=postgres://…/alliances_bench_national python -m bench.scale.profile_repeated \
        "/api/v1/pratiques?limit=20&odd={}" --values 1-17 [--repeat 3]

In-process (Django's test client, DEBUG off). `{}` in the URL takes each value of `--values`
(a range `1-17` or a comma list); every URL is requested once to fill the caches, then
`--repeat` times; prints the median and p95 of the wall time, the median CPU and SQL time, and
the number of queries of the last request. `bench.scale.profile_pages` measures the other case
(cache cleared before each request: a first view).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.scale.inprocess import setup_django, timed


def _values(text: str) -> list[str]:
    if "-" in text and "," not in text:
        low, high = text.split("-")
        return [str(n) for n in range(int(low), int(high) + 1)]
    return text.split(",")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("--values", default="")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    from django.test import Client

    urls = [args.url.format(v) for v in _values(args.values)] if args.values else [args.url]
    client = Client()
    for url in urls:
        assert client.get(url).status_code == 200, url
    walls, cpus, sqls, count = [], [], [], 0
    for _ in range(args.repeat):
        for url in urls:
            timing = timed(lambda url=url: client.get(url))
            walls.append(timing.wall)
            cpus.append(timing.cpu)
            sqls.append(timing.sql)
            count = timing.queries
    walls.sort()
    print(
        f"{args.url} : {len(walls)} requêtes, {count} requêtes SQL, SQL médian {statistics.median(sqls) * 1000:.0f} ms, "
        f"total médian {statistics.median(walls) * 1000:.0f} ms (p95 {walls[int(len(walls) * 0.95)] * 1000:.0f}), "
        f"CPU médian {statistics.median(cpus) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
