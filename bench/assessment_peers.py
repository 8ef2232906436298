"""Benchmark of the self-assessment reads that grow with use: peer benchmark and results page.

Run from the repository root (uses its own SQLite file, never your data):

    ALLIANCES_VAR_DIR=/tmp/bench-assessment /work/main/.venv/bin/python bench/assessment_peers.py [N]

It loads the communes of Occitanie, stores N completed assessments spread over them (scores
only, as the service stores them), then times, for a small Lozère commune:
- the baseline: one COUNT of the comparable assessments (the database floor for this filter);
- `peer_benchmark()` (latest assessment per comparable territory, medians per axis);
- the whole results page (HTTP, signed in), with its SQL query count.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLIANCES_VAR_DIR", "/tmp/bench-assessment")
Path(os.environ["ALLIANCES_VAR_DIR"]).mkdir(parents=True, exist_ok=True)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from alliances.assessment.models import Assessment, Participant  # noqa: E402
from alliances.assessment.referential import AXIS_SLUGS  # noqa: E402
from alliances.assessment.selectors import peer_benchmark, referential_current  # noqa: E402
from alliances.territories.models import Territory  # noqa: E402

OCCITANIE = ("09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82")


def timed(fn, repeat: int = 20) -> tuple[float, object]:
    durations, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        durations.append((time.perf_counter() - start) * 1000)
    return statistics.median(durations), result


def main(n: int) -> None:
    call_command("migrate", verbosity=0)
    if not Territory.objects.filter(kind="departement", code="48").exists():
        call_command("load_territories", *[a for d in OCCITANIE for a in ("--departement", d)], "--force", verbosity=0)
    referential = referential_current()
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(email="bench@example.invalid")
    target = Territory.objects.current_communes().get(code="48081")
    Assessment.objects.all().delete()
    communes = list(Territory.objects.current_communes().filter(region=target.region).values_list("pk", flat=True))
    rng = random.Random(42)
    batch = [
        Assessment(
            territory_id=rng.choice(communes),
            referential=referential,
            created_by=user,
            completed_at=django.utils.timezone.now(),
            scores={slug: round(rng.uniform(0, 100), 1) for slug in AXIS_SLUGS},
            overall_score=50.0,
        )
        for _ in range(n)
    ]
    Assessment.objects.bulk_create(batch, batch_size=2000)
    mine = Assessment.objects.create(
        territory=target,
        referential=referential,
        created_by=user,
        completed_at=django.utils.timezone.now(),
        scores={slug: 40.0 for slug in AXIS_SLUGS},
        overall_score=40.0,
    )
    Participant.objects.create(assessment=mine, user=user, completed_at=mine.completed_at)

    comparable = (
        Assessment.objects.completed()
        .filter(
            territory__kind="commune",
            territory__region_id=target.region_id,
            territory__population__gte=0,
            territory__population__lt=500,
        )
        .exclude(territory=target)
    )
    baseline_ms, count = timed(lambda: comparable.count())
    bench_ms, result = timed(lambda: peer_benchmark(mine))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    page_ms, _ = timed(lambda: client.get(mine.get_results_url()), repeat=10)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(mine.get_results_url()).status_code == 200
    print(
        f"{connection.vendor}, {n} autodiagnostics en Occitanie, {count} comparables "
        f"({result.territories if result else 0} territoires)"
    )
    print(f"  référence COUNT des comparables : {baseline_ms:8.2f} ms")
    print(f"  peer_benchmark()               : {bench_ms:8.2f} ms")
    print(f"  page de résultats (HTTP)       : {page_ms:8.2f} ms, {len(queries)} requêtes SQL")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
