"""Benchmark of the catalysts finder: time to rank the network for a commune.

    DJANGO_SETTINGS_MODULE=config.settings python bench/catalysts_finder.py [--catalysts 350 3500]

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), loads the
official referential, generates synthetic catalysts acting on random territories (mostly
départements and communes, some régions), then times, for 200 random communes:
- baseline: the plain visible list (one query, no ranking);
- finder: catalysts_find (closeness + reason lines), as the finder page and the API run it.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def generate(n: int, rng: random.Random) -> None:
    from django.contrib.auth import get_user_model

    from alliances.catalysts.enums import Availability, Metier, ProfileStatus, Theme
    from alliances.catalysts.models import CatalystProfile
    from alliances.territories.models import Territory

    User = get_user_model()
    communes = list(Territory.objects.current_communes().values_list("pk", flat=True))
    departements = list(Territory.objects.departements().values_list("pk", flat=True))
    regions = list(Territory.objects.regions().values_list("pk", flat=True))
    start = User.objects.count()
    users = User.objects.bulk_create([User(email=f"bench{start + i}@bench.invalid") for i in range(n)])
    profiles = CatalystProfile.objects.bulk_create(
        [
            CatalystProfile(
                user=u,
                name=f"Catalyseur {i}",
                bio="—",
                status=ProfileStatus.VALIDATED,
                metiers=rng.sample(Metier.values, 2),
                themes=rng.sample(Theme.values, 3),
                languages=["fr"],
                availability=rng.choice(Availability.values),
            )
            for i, u in enumerate(users)
        ]
    )
    Through = CatalystProfile.territories.through
    rows = []
    for p in profiles:
        picks = set(rng.sample(departements, rng.randint(1, 2))) | set(rng.sample(communes, rng.randint(0, 3)))
        if rng.random() < 0.15:
            picks.add(rng.choice(regions))
        rows += [Through(catalystprofile_id=p.pk, territory_id=t) for t in picks]
    Through.objects.bulk_create(rows)


def measure(label: str, fn, targets) -> tuple[float, float]:
    timings = []
    for t in targets:
        start = time.perf_counter()
        fn(t)
        timings.append((time.perf_counter() - start) * 1000)
    median, p95 = statistics.median(timings), percentile(timings, 95)
    print(f"  {label:<40} médiane {median:7.1f} ms   p95 {p95:7.1f} ms")
    return median, p95


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--catalysts", type=int, nargs="+", default=[350, 3500])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_territories", verbosity=0)
        from alliances.catalysts.models import CatalystProfile
        from alliances.catalysts.selectors import FinderCriteria, catalysts_find
        from alliances.territories.models import Territory

        rng = random.Random(42)
        targets = list(
            Territory.objects.current_communes()
            .select_related("departement", "region", "epci")
            .order_by("?")[: args.queries]
        )
        total = 0
        print(f"Base : {connection.vendor}, {len(targets)} communes tirées au hasard")
        for n in args.catalysts:
            generate(n - total, rng)
            total = n
            print(f"{n} catalyseurs :")
            measure("référence : liste visible (1 requête)", lambda t: list(CatalystProfile.objects.visible()), targets)
            measure("catalysts_find(territoire)", lambda t: catalysts_find(FinderCriteria(territory=t)), targets)
            measure(
                "catalysts_find(territoire, métier, thème)",
                lambda t: catalysts_find(FinderCriteria(territory=t, metier="accompagnement", theme="vieillissement")),
                targets,
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
