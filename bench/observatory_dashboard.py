"""Benchmark: the national observatory dashboard served from the stored aggregates.

Fills a dedicated database with synthetic organisations (and alliances, when the partnerships
app is installed), recomputes the aggregates once (timed), then requests the national dashboard
many times in-process through the whole Django stack and reports p50/p95, with a baseline page
(/accessibilite/, static template through the same stack) measured in the same run.

    ALLIANCES_VAR_DIR=/tmp/obsbench /work/main/.venv/bin/python bench/observatory_dashboard.py \
        --organisations 1900000 --alliances 100000 --requests 200

Synthetic rows are created only up to the requested sizes (a second run reuses them).
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
os.environ.setdefault("ALLIANCES_API_RATE_ANON", "")  # every request comes from one address
os.environ.setdefault("ALLIANCES_VAR_DIR", "/tmp/obsbench")
Path(os.environ["ALLIANCES_VAR_DIR"]).mkdir(parents=True, exist_ok=True)

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from alliances.territories.models import Territory  # noqa: E402

BATCH = 20_000


def _fast_insert(model, rows: list[dict], prototype) -> None:
    """INSERT rows with executemany: the prototype gives every column's value, rows override some.

    bulk_create builds one model instance per row, which is too slow for millions of rows on a
    shared machine; the values still go through each field's own conversion once.
    """
    fields = [f for f in model._meta.local_concrete_fields if not f.primary_key]
    defaults = {f.column: f.get_db_prep_save(f.pre_save(prototype, True), connection) for f in fields}
    columns = [f.column for f in fields]
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
        f"({', '.join(connection.ops.quote_name(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[row.get(c, defaults[c]) for c in columns] for row in rows])


def _communes() -> list[int]:
    return list(Territory.objects.current_communes().values_list("pk", flat=True))


def _link_sdgs(through, owner_column: str, first_pk: int, last_pk: int, share: float, rng) -> None:
    rows = [
        {owner_column: pk, "sdg_id": rng.randint(1, 17)} for pk in range(first_pk, last_pk + 1) if rng.random() < share
    ]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {through._meta.db_table} ({owner_column}, sdg_id) VALUES (%s, %s)",
                [[r[owner_column], r["sdg_id"]] for r in rows],
            )


def _fill(model, target: int, prototype, vary, owner_column: str, sdg_share: float, rng) -> int:
    existing = model.objects.count()
    created = 0
    while existing + created < target:
        size = min(BATCH, target - existing - created)
        with transaction.atomic():
            before = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            _fast_insert(model, [vary(existing + created + i) for i in range(size)], prototype)
            after = model.objects.order_by("-pk").values_list("pk", flat=True).first()
            _link_sdgs(model.sdgs.through, owner_column, before + 1, after, sdg_share, rng)
        created += size
        print(f"  {model.__name__} : {existing + created}", flush=True)
    return existing + created


def fill_organisations(target: int, rng: random.Random) -> int:
    Organisation = apps.get_model("actors", "Organisation")
    kinds = [k for k, _ in Organisation._meta.get_field("kind").choices]
    communes = _communes()
    prototype = Organisation(kind=kinds[0], name="Organisation synthétique", is_demo=True)
    return _fill(
        Organisation,
        target,
        prototype,
        lambda i: {
            "name": f"Organisation synthétique {i}",
            "kind": rng.choice(kinds),
            "commune_id": rng.choice(communes),
        },
        "organisation_id",
        0.1,
        rng,
    )


def fill_alliances(target: int, rng: random.Random) -> int:
    try:
        Alliance = apps.get_model("partnerships", "Alliance")
    except LookupError:
        print("  (partnerships.Alliance absent : pas d'alliances synthétiques)")
        return 0
    steps = [k for k, _ in Alliance._meta.get_field("step").choices]
    forms = [k for k, _ in Alliance._meta.get_field("form").choices]
    visibilities = [k for k, _ in Alliance._meta.get_field("visibility").choices]
    communes = _communes()
    prototype = Alliance(
        title="Alliance synthétique",
        problem="Synthétique",
        territory_id=communes[0],
        lead_organisation_name="Porteur fictif",
        is_demo=True,
    )
    return _fill(
        Alliance,
        target,
        prototype,
        lambda i: {
            "title": f"Alliance synthétique {i}",
            "territory_id": rng.choice(communes),
            "step": rng.choice(steps),
            "form": rng.choice(forms),
            "visibility": rng.choice(visibilities),
        },
        "alliance_id",
        1.0,
        rng,
    )


def measure(client: Client, url: str, requests: int) -> tuple[float, float]:
    for _ in range(5):
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--organisations", type=int, default=200_000)
    parser.add_argument("--alliances", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--prepare",
        action="store_true",
        help="seulement créer les données (hors verrou du banc : ce n'est pas une mesure)",
    )
    args = parser.parse_args()
    rng = random.Random(2026)

    call_command("migrate", verbosity=0)
    if not Territory.objects.exists():
        call_command("load_territories", verbosity=0)
    from alliances.observatory.models import TerritoryCount
    from alliances.observatory.services import observatory_refresh

    start = time.perf_counter()
    organisations = fill_organisations(args.organisations, rng)
    alliances = fill_alliances(args.alliances, rng)
    print(
        f"Données : {organisations} organisations, {alliances} alliances "
        f"({time.perf_counter() - start:.0f} s de génération)"
    )
    if args.prepare:
        return
    print(f"Charge de la machine (1, 5, 15 min) : {', '.join(f'{x:.2f}' for x in os.getloadavg())}")

    start = time.perf_counter()
    run = observatory_refresh()
    print(
        f"Calcul des agrégats : {time.perf_counter() - start:.1f} s, {run.cells} cellules "
        f"({TerritoryCount.objects.count()} lignes dans TerritoryCount) ; sources : {run.sources}"
    )

    client = Client(HTTP_HOST="localhost")
    for label, url in [
        ("référence /accessibilite/", "/accessibilite/"),
        ("tableau de bord national /observatoire/", "/observatoire/"),
        ("tableau de bord département /observatoire/departement/48/", "/observatoire/departement/48/"),
        ("API /api/v1/observatoire/chiffres?niveau=departement", "/api/v1/observatoire/chiffres?niveau=departement"),
    ]:
        p50, p95 = measure(client, url, args.requests)
        print(f"{label} : p50 {p50:.1f} ms, p95 {p95:.1f} ms ({args.requests} requêtes)")


if __name__ == "__main__":
    main()
