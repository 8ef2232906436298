"""What one request costs, page by page, on a generated database: queries, SQL time, CPU time.

    ALLIANCES_VAR_DIR=var/bench-run/departement-48-sqlite python -m bench.scale.profile_pages \
        --manifest var/bench-run/departement-48-sqlite/data/manifest.json [--repeat 5] [--sql URL]

In-process (Django's test client, DEBUG off, no server, no network): for each endpoint of the
load mix, the median wall time and CPU time of `--repeat` requests, the number of SQL queries
and the time spent in them. `--sql URL` prints the slowest queries of one URL (to read a plan).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.scale.inprocess import setup_django, timed


def endpoints(manifest: dict) -> list[tuple[str, str, bool]]:
    commune = (manifest.get("communes") or ["48095"])[0]
    dep = manifest.get("departement") or commune[:2]
    alliance = (manifest.get("members") or [{"alliance": 1}])[0]["alliance"]
    return [
        ("bonjour (référence)", "/_bonjour", False),
        ("accueil", "/", False),
        ("suggestions de territoires", "/territoires/suggestions/?q=saint", False),
        ("API territoires", "/api/v1/territoires?q=saint", False),
        ("page de territoire", f"/territoires/commune/{commune}/", False),
        ("page de département", f"/territoires/departement/{dep}/", False),
        ("portrait de territoire", f"/territoires/commune/{commune}/portrait/", False),
        ("pratiques (texte + facettes)", "/pratiques/?q=emploi&odd=17&fragilite=emploi", False),
        ("API pratiques", "/api/v1/pratiques?limit=20&odd=8", False),
        ("annuaire des acteurs", f"/acteurs/?territoire=departement:{dep}&q=club", False),
        ("annuaire des acteurs (commune)", f"/acteurs/?territoire=commune:{commune}", False),
        ("API acteurs", f"/api/v1/acteurs?departement={dep}&limit=20", False),
        ("catalyseurs proches", f"/catalyseurs/?territoire=commune:{commune}", False),
        ("API catalyseurs", f"/api/v1/catalyseurs?territoire=commune:{commune}", False),
        ("observatoire national", "/observatoire/", False),
        ("observatoire départemental", f"/observatoire/departement/{dep}/", False),
        ("API commune", f"/api/v1/communes/{commune}", False),
        ("API alliances", f"/api/v1/alliances?territoire=departement:{dep}", False),
        ("tableau de bord des alliances (connecté)", "/alliances/", True),
        ("page d'une alliance (membre)", f"/alliances/{alliance}/", True),
        ("espace de travail « agir » (membre)", f"/alliances/{alliance}/espace/agir/", True),
        ("recherche globale", "/recherche/?q=mende", False),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sql", help="afficher les requêtes SQL les plus lentes de cette URL")
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    manifest = json.loads(args.manifest.read_text(encoding="utf-8"))
    anonymous, member = Client(), Client()
    if manifest.get("members"):
        member.force_login(get_user_model().objects.get(email=manifest["members"][0]["email"]))
    if args.sql:
        client = member if args.sql.startswith("/alliances") else anonymous
        client.get(args.sql)
        with CaptureQueriesContext(connection) as queries:
            client.get(args.sql)
        for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:15]:
            print(f"{float(query['time']) * 1000:7.1f} ms  {query['sql'][:600]}\n")
        print(f"{len(queries)} requêtes")
        return
    print("| point d'accès | requêtes SQL | temps SQL (ms) | temps total médian (ms) | CPU médian (ms) |")
    print("|---|---|---|---|---|")
    for label, url, signed_in in endpoints(manifest):
        client = member if signed_in else anonymous
        assert client.get(url).status_code == 200, url
        walls, cpus, sql = [], [], []
        for _ in range(args.repeat):
            cache.clear()
            timing = timed(lambda client=client, url=url: client.get(url))
            walls.append(timing.wall)
            cpus.append(timing.cpu)
            sql.append(timing.sql)
        print(
            f"| {label} | {timing.queries} | {statistics.median(sql) * 1000:.0f} | "
            f"{statistics.median(walls) * 1000:.0f} | {statistics.median(cpus) * 1000:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
