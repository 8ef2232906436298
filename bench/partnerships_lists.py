"""Benchmark of the alliances' lists: the "mes alliances" dashboard and the public list (page and API).

    DJANGO_SETTINGS_MODULE=config.settings python bench/partnerships_lists.py [--alliances 1000 10000] [--mine 50]

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), loads the
official referential, then generates synthetic alliances in bulk on random communes (60 % public,
20 % open to signed-in users, 20 % private), each with a pilot, 2 to 3 SDGs, a past and a future
meeting and two actions (some late); one user is a member of `--mine` of them. For each size it
times requests through the whole Django stack (test client: middleware, view, template or API
serialisation), and reports, per request, the median and p95 of wall time and of CPU time of the
process, and the number of SQL queries. The baseline, in the same run and on the same database, is
the health page `/sante` (the cheapest request of the stack).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLIANCES_API_RATE_ANON", "")  # every request comes from one address

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

REPEAT = 40


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def generate(start: int, stop: int, rng: random.Random, *, me, pilots: list, communes: list, mine: int) -> None:
    """Alliances number start..stop-1 (bulk inserts: the services would take hours at this size)."""
    from django.utils import timezone

    from alliances.partnerships.enums import ActionStatus, MemberRole, Step, Visibility
    from alliances.partnerships.models import ActionItem, Alliance, Meeting, Membership

    now, today = timezone.now(), timezone.localdate()
    visibilities = [Visibility.PUBLIC] * 6 + [Visibility.SIGNED_IN] * 2 + [Visibility.MEMBERS] * 2
    steps = list(Step.values)
    for chunk in range(start, stop, 2000):
        numbers = range(chunk, min(stop, chunk + 2000))
        alliances = Alliance.objects.bulk_create(
            [
                Alliance(
                    title=f"Alliance de banc n° {n}",
                    problem="Exemple fictif de banc d'essai.",
                    territory_id=rng.choice(communes),
                    lead_organisation_name=f"Mairie fictive {n % 997}",
                    visibility=rng.choice(visibilities),
                    step=rng.choice(steps),
                    is_demo=True,
                    themes="emploi, jeunesse",
                    fragilities=["emploi"],
                )
                for n in numbers
            ]
        )
        Through = Alliance.sdgs.through
        Through.objects.bulk_create(
            [Through(alliance_id=a.pk, sdg_id=s) for a in alliances for s in {*rng.sample(range(1, 17), 2), 17}]
        )
        members = []
        for n, a in zip(numbers, alliances, strict=True):
            pilot = rng.choice(pilots)
            members.append(Membership(alliance=a, user=pilot, role=MemberRole.PILOT, organisation_name="Mairie"))
            if n < mine:
                members.append(Membership(alliance=a, user=me, role=MemberRole.PARTNER, organisation_name="Asso"))
        Membership.objects.bulk_create(members)
        Meeting.objects.bulk_create(
            [
                Meeting(alliance=a, title=t, date=now + timedelta(days=d))
                for a in alliances
                for t, d in (("Lancement", -rng.randint(10, 300)), ("Comité", rng.randint(1, 60)))
            ]
        )
        ActionItem.objects.bulk_create(
            [
                ActionItem(
                    alliance=a,
                    title=f"Action {i}",
                    due_date=today + timedelta(days=rng.randint(-60, 90)),
                    status=rng.choice([ActionStatus.TODO, ActionStatus.DOING, ActionStatus.DONE]),
                )
                for a in alliances
                for i in range(2)
            ]
        )


def measure(client, label: str, url: str, rows: list) -> None:
    for _ in range(3):  # warm-up: caches, template loading, connection
        client.get(url)
    walls, cpus, queries = [], [], []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            cpus.append((time.process_time() - cpu) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(captured))
    row = (
        label,
        statistics.median(walls),
        percentile(walls, 95),
        statistics.median(cpus),
        percentile(cpus, 95),
        max(queries),
    )
    rows.append(row)
    print(
        f"  {label:<58} mur méd. {row[1]:6.1f} ms p95 {row[2]:6.1f} ms · CPU méd. {row[3]:6.1f} ms "
        f"p95 {row[4]:6.1f} ms · {row[5]} requêtes SQL",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--alliances", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--mine", type=int, default=50, help="alliances dont l'utilisateur mesuré est membre")
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_territories", verbosity=0)
        from django.contrib.auth import get_user_model
        from django.test import Client

        from alliances.territories.models import Territory

        User = get_user_model()
        rng = random.Random(42)
        me = User.objects.create(email="moi@bench.invalid", display_name="Utilisatrice mesurée")
        pilots = User.objects.bulk_create([User(email=f"pilote{i}@bench.invalid") for i in range(300)])
        communes = list(Territory.objects.current_communes().values_list("pk", flat=True))
        anonymous, signed_in = Client(), Client()
        signed_in.force_login(me)
        print(f"Base : {connection.vendor} ; {REPEAT} requêtes par mesure après 3 d'échauffement")
        total = 0
        for n in args.alliances:
            generate(total, n, rng, me=me, pilots=pilots, communes=communes, mine=args.mine)
            total = n
            print(f"{n} alliances ({min(args.mine, n)} pour l'utilisatrice mesurée) :")
            rows: list = []
            measure(anonymous, "référence : /sante", "/sante", rows)
            measure(signed_in, "« mes alliances » + liste (connectée), /alliances/", "/alliances/", rows)
            measure(anonymous, "liste publique, page 1 (anonyme)", "/alliances/", rows)
            measure(anonymous, "liste publique, page 100 (anonyme)", "/alliances/?page=100", rows)
            measure(
                anonymous,
                "liste publique filtrée departement:48 + ODD 8",
                "/alliances/?territoire=departement:48&odd=8",
                rows,
            )
            measure(anonymous, "API /api/v1/alliances?limit=20 (anonyme)", "/api/v1/alliances?limit=20", rows)
            measure(
                anonymous,
                "API filtrée region:76 + ODD 8 + étape agir",
                "/api/v1/alliances?territoire=region:76&odd=8&etape=agir",
                rows,
            )
            measure(signed_in, "API ?limit=100 (session de l'utilisatrice)", "/api/v1/alliances?limit=100", rows)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
