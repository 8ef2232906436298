"""Benchmark of the directory search with the national register loaded (issue #4).

Usage (from the repository root, on the database filled by `bench/actors_rna.py --keep-db`):

    ALLIANCES_VAR_DIR=/tmp/bench-actors python bench/actors_search.py --queries 200

For each query a département is drawn in proportion to its number of organisations, and one
or two words from the vocabulary of the synthetic file (names and declared objects). It times,
server side, what the list page `/acteurs/?territoire=departement:XX&q=…` costs:

- `selector`: `organisations_search` (full-text index, the département as a tag) plus the
  first page of 25 with its list data (commune, themes, SDGs), as the view's paginator does;
- `page`: the whole view through Django's test client (form, selector, template);
- baseline, same run, same départements: the list of the département without a text query
  (plain SQL, sorted by name), first page, and a bare FTS5/tsvector match of the tag alone.

It prints the median, p95 and maximum of each, and a Markdown table row.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Words of the synthetic file's names and objects (bench/actors_rna.py): rare to very common.
QUERIES = [
    "football",
    "randonnée",
    "pétanque",
    "théâtre",
    "jardins",
    "patrimoine musique",
    "jeunes",
    "club sportif",
    "foyer rural",
    "entraide",
    "handicap",
    "insertion professionnelle",
    "protection de l'environnement",
    "personnes âgées",
    "comité des fêtes",
    "amicale",
    "école",
    "festival",
    "chasse pêche",
    "solidarité",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(label: str, values: list[float]) -> str:
    return (
        f"{label}: médiane {statistics.median(values):.0f} ms, p95 {percentile(values, 0.95):.0f} ms, "
        f"max {max(values):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment

    from alliances.actors.indexing import SEARCH_KIND
    from alliances.actors.models import Organisation
    from alliances.actors.selectors import DirectoryFilters, organisations_search
    from alliances.core.search import matching_ids_sql, search_documents
    from alliances.territories.models import Territory

    setup_test_environment()  # the test client on the real database (no test database is created)
    total = Organisation.objects.count()
    by_dep = {
        row["commune__departement__code"]: row["n"]
        for row in Organisation.objects.exclude(commune=None)
        .values("commune__departement__code")
        .annotate(n=Count("id"))
        .order_by()
    }
    departements = {t.code: t for t in Territory.objects.departements().filter(code__in=by_dep)}
    codes = sorted(departements)
    rng = random.Random(args.seed)
    plan = [
        (rng.choices(codes, weights=[by_dep[c] for c in codes])[0], rng.choice(QUERIES)) for _ in range(args.queries)
    ]
    client = Client()

    def first_page(results) -> int:
        return len(list(results[:25])) + results.count()

    cpu: dict[str, list[float]] = {}

    def timed(fn, *args) -> float:
        """Wall time in ms; the CPU time of this process (Python and SQLite, which runs in it) is
        kept in `cpu`: on a machine shared with other work it is the fairer figure."""
        started, started_cpu = time.perf_counter(), time.process_time()
        fn(*args)
        cpu.setdefault(fn.__name__, []).append((time.process_time() - started_cpu) * 1000)
        return (time.perf_counter() - started) * 1000

    def text_search(query, territory):
        return first_page(organisations_search(DirectoryFilters(q=query, territory=territory)))

    def list_page(query, territory):
        return client.get("/acteurs/", {"territoire": territory.ref, "q": query})

    def territory_list(territory):
        return first_page(organisations_search(DirectoryFilters(territory=territory)))

    def tag_only(territory):
        return search_documents(kind=SEARCH_KIND, tags=[territory.ref], limit=25)

    # Warm-up: the first queries read the index from disk.
    print("charge avant :", os.getloadavg())
    for code, query in plan[:10]:
        first_page(organisations_search(DirectoryFilters(q=query, territory=departements[code])))
    selector, page, matches = [], [], []
    baseline_list, baseline_tag = [], []
    for code, query in plan:
        territory = departements[code]
        selector.append(timed(text_search, query, territory))
        sql, params = matching_ids_sql(kind=SEARCH_KIND, query=query, tags=[territory.ref])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) m", params)
            matches.append(cursor.fetchone()[0])
        page.append(timed(list_page, query, territory))
        baseline_list.append(timed(territory_list, territory))
        baseline_tag.append(timed(tag_only, territory))
    print("charge après :", os.getloadavg())
    print(
        f"{connection.vendor}, {total:,} organisations, {len(plan)} requêtes, "
        f"{statistics.median(matches):.0f} correspondances médianes (max {max(matches)})".replace(",", " ")
    )
    for label, values in (
        ("sélecteur + 1re page", selector),
        ("page complète (client de test)", page),
        ("référence : liste du département sans texte", baseline_list),
        ("référence : étiquette seule dans l'index", baseline_tag),
    ):
        print(summary(label, values))
    for name, values in cpu.items():
        print(summary(f"temps CPU, {name}", values))
    slow = sorted(zip(selector, plan, matches, strict=True), reverse=True)[:5]
    print("plus lentes :", "; ".join(f"{q!r} dans {c} : {t:.0f} ms ({m} corresp.)" for t, (c, q), m in slow))
    print(
        f"| {connection.vendor} | {total:,} | {statistics.median(selector):.0f} / {percentile(selector, 0.95):.0f} ms | "
        f"{statistics.median(page):.0f} / {percentile(page, 0.95):.0f} ms | "
        f"{statistics.median(baseline_list):.0f} / {percentile(baseline_list, 0.95):.0f} ms | "
        f"{statistics.median(baseline_tag):.0f} / {percentile(baseline_tag, 0.95):.0f} ms | "
        f"{statistics.median(cpu['text_search']):.0f} / {percentile(cpu['text_search'], 0.95):.0f} ms |".replace(
            ",", " "
        )
    )


if __name__ == "__main__":
    main()
