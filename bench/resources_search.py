"""Benchmark of the resource centre at national scale: 5,000 resources, 1,000 events.

Measures the median time (wall and CPU, in process with Django's test client) of the list page,
the API (filters, full-text search) and the iCal feed (served from the cache, and rebuilt), against
a baseline measured in the same run (the health endpoint `/sante`).

    ALLIANCES_VAR_DIR=$(mktemp -d) .venv/bin/python bench/resources_search.py [--resources 5000] [--events 1000]

Uses a fresh SQLite database in ALLIANCES_VAR_DIR (or PostgreSQL with DATABASE_URL).
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
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

WORDS = (
    "partenariat convention commune association entreprise emploi jeunesse insertion mobilité "
    "transition écologique alimentation santé isolement centre-bourg gouvernance évaluation "
    "diagnostic territoire mécénat compétences coopération expérimentation"
).split()


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def populate(n_resources: int, n_events: int) -> None:
    from alliances.core.search import IndexEntry, index_documents
    from alliances.resources.enums import PublicationStatus, ResourceKind
    from alliances.resources.models import Event, Resource
    from alliances.resources.reference import ensure_reference_data
    from alliances.resources.search import EVENT_KIND, RESOURCE_KIND

    ensure_reference_data()
    rng = random.Random(42)
    kinds = [k for k, _ in ResourceKind.choices]
    now = timezone.now()
    resources = [
        Resource(
            kind=rng.choice(kinds),
            title=f"{_text(rng, 5)} {i}",
            slug=f"bench-{i}",
            summary=_text(rng, 20),
            body=_text(rng, 200),
            url="https://www.example.org/",
            status=PublicationStatus.PUBLISHED,
            published_at=now - timedelta(days=i % 700),
        )
        for i in range(n_resources)
    ]
    Resource.objects.bulk_create(resources, batch_size=500)
    through = Resource.sdgs.through
    steps = Resource.steps.through
    objs = list(Resource.objects.only("pk"))
    through.objects.bulk_create([through(resource_id=r.pk, sdg_id=rng.randint(1, 17)) for r in objs], batch_size=1000)
    step_codes = ["comprendre", "mobiliser", "co-construire", "agir", "evaluer-essaimer"]
    steps.objects.bulk_create(
        [steps(resource_id=r.pk, methodstep_id=rng.choice(step_codes)) for r in objs], batch_size=1000
    )
    index_documents(
        RESOURCE_KIND,
        (IndexEntry(object_id=r.pk, title=r.title, body=f"{r.summary} {r.body}") for r in Resource.objects.all()),
    )
    events = [
        Event(
            kind="atelier",
            title=f"Atelier {_text(rng, 4)} {i}",
            slug=f"bench-evt-{i}",
            summary=_text(rng, 20),
            starts_at=now + timedelta(hours=6 * i - 3000),
            place="Salle fictive",
            organiser="Organisation fictive",
            registration_mode="interne",
            capacity=30,
            status=PublicationStatus.PUBLISHED,
        )
        for i in range(n_events)
    ]
    Event.objects.bulk_create(events, batch_size=500)
    index_documents(
        EVENT_KIND, (IndexEntry(object_id=e.pk, title=e.title, body=e.summary) for e in Event.objects.all())
    )


def measure(client: Client, url: str, repeat: int, *, cold: bool = False) -> tuple[float, float]:
    """Median wall time and median CPU time (ms) of `url`; `cold`: the cache is emptied before each call."""
    from django.core.cache import cache

    client.get(url)  # warm-up
    times, cpu = [], []
    for _ in range(repeat):
        if cold:
            cache.clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000, statistics.median(cpu) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resources", type=int, default=5000)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    populate(args.resources, args.events)
    print(
        f"données : {args.resources} ressources, {args.events} événements, "
        f"créées et indexées en {time.perf_counter() - started:.1f} s"
    )
    client = Client(HTTP_HOST="localhost")
    urls = [
        ("/sante", "référence (page santé)"),
        ("/ressources/", "liste des ressources, page 1"),
        ("/ressources/?type=kit&etape=agir&odd=17", "liste filtrée (type, étape, ODD)"),
        ("/ressources/?q=partenariat+jeunesse", "liste, recherche plein texte"),
        ("/api/v1/ressources?limit=20", "API ressources, 20 premières"),
        ("/api/v1/ressources?q=convention&limit=20", "API ressources, recherche"),
        ("/api/v1/evenements?limit=20", "API événements à venir"),
        ("/ressources/evenements/", "page des événements"),
        ("/api/v1/evenements.ics", f"flux iCal ({args.events} événements), en cache"),
        ("/api/v1/evenements.ics", f"flux iCal ({args.events} événements), cache vidé avant chaque appel"),
    ]
    print(f"| requête | médiane ({args.repeat} essais) | CPU médiane |\n|---|---:|---:|")
    for url, label in urls:
        wall, cpu = measure(client, url, args.repeat, cold="cache vidé" in label)
        print(f"| {label} — `{url}` | {wall:.1f} ms | {cpu:.1f} ms |")


if __name__ == "__main__":
    main()
