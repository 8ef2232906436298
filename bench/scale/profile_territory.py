"""What the first view of a territory page costs, section by section (before any cache).

    DATABASE_URL=postgres://…/alliances_bench_national python -m bench.scale.profile_territory \
        commune:75056 commune:13055 commune:69123 [--repeat 3]

In-process, DEBUG off, cache cleared before each request: for each territory, the whole page
(Django's test client) then each app's `territory_sections` hook alone and the rendering of its
template, with the number of SQL queries and their time. Shows which section to fix.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.scale.inprocess import setup_django, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("refs", nargs="+", help="commune:75056 …")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import cache
    from django.template.loader import render_to_string
    from django.test import Client, RequestFactory

    from alliances.core.extensions import _hook_modules
    from alliances.territories.refs import parse_territory_ref
    from alliances.territories.selectors import territory_get

    def measure(fn) -> tuple[float, float, int, float]:
        walls, cpus, sqls, count = [], [], [], 0
        for _ in range(args.repeat):
            cache.clear()
            timing = timed(fn)
            walls.append(timing.wall)
            cpus.append(timing.cpu)
            sqls.append(timing.sql)
            count = timing.queries
        return statistics.median(walls) * 1000, statistics.median(cpus) * 1000, count, statistics.median(sqls) * 1000

    client = Client()
    print("| territoire | partie | requêtes SQL | temps SQL (ms) | temps total médian (ms) | CPU médian (ms) |")
    print("|---|---|---|---|---|---|")
    for text in args.refs:
        territory = territory_get(parse_territory_ref(text))
        url = territory.get_absolute_url()
        assert client.get(url).status_code == 200, url
        wall, cpu, count, sql = measure(lambda url=url: client.get(url))
        print(f"| {territory.name} | page entière | {count} | {sql:.0f} | {wall:.0f} | {cpu:.0f} |", flush=True)
        request = RequestFactory().get(url)
        request.user = AnonymousUser()
        for module in _hook_modules():
            provider = getattr(module, "territory_sections", None)
            if provider is None:
                continue

            def run(provider=provider, request=request, territory=territory):
                for section in provider(request, territory):
                    render_to_string(
                        section.template, {"section": section.context, "territory": territory}, request=request
                    )

            wall, cpu, count, sql = measure(run)
            app = module.__name__.split(".")[1]
            print(f"| {territory.name} | section {app} | {count} | {sql:.0f} | {wall:.0f} | {cpu:.0f} |", flush=True)


if __name__ == "__main__":
    main()
