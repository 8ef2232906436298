"""Search by need at national scale: latency per need on the national base (issue #22).

    ALLIANCES_VAR_DIR=…  (or DATABASE_URL=postgres://…) .venv/bin/python bench/need_search/national.py \
        --manifest …/data/manifest.json [--needs 20] [--territories 10]

The needs are the development set's (bench/need_search/devset.json), searched as the page
« Décrivez votre besoin » searches them: around the intercommunality of each of the manifest's
most populated communes, then across its département (the API's `departement=`), first page of
20 with reasons (`organisations_by_need`, the same function as the page and the API). The
same-run baseline is the directory's word search on the same territory and text (every word
required, `organisations_search`, first page of 20). Prints median and p95 of each, the first
search of each territory apart (it counts the territory in the index, then kept an hour), the
share of needs with results, and the process's peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
DEVSET = ROOT / "bench" / "need_search" / "devset.json"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(function) -> tuple[float, int]:
    started = time.perf_counter()
    count = function()
    return (time.perf_counter() - started) * 1000, count


def summary(name: str, values: list[float], found: list[int]) -> str:
    with_results = sum(1 for count in found if count) / len(found)
    return (
        f"{name:<44} {statistics.median(values):>7.0f} {percentile(values, 0.95):>7.0f} {max(values):>7.0f}"
        f" {with_results:>8.0%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--needs", type=int, default=20, help="how many needs of the development set")
    parser.add_argument("--territories", type=int, default=10, help="how many of the most populated communes")
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection

    from alliances.actors.models import Organisation
    from alliances.actors.need import organisations_by_need
    from alliances.actors.selectors import DirectoryFilters, organisations_search
    from alliances.core.search.index import _kind_in_match
    from alliances.core.search.semantic import word_vectors
    from alliances.territories.models import Territory

    needs = [need["besoin"] for need in json.loads(DEVSET.read_text(encoding="utf-8"))["besoins"]][: args.needs]
    codes = json.loads(args.manifest.read_text(encoding="utf-8"))["communes"][: args.territories]
    communes = Territory.objects.filter(kind="commune", code__in=codes).select_related("epci", "departement")
    scopes = {
        "intercommunalité": list(dict.fromkeys(c.epci for c in communes if c.epci)),
        "département": list(dict.fromkeys(c.departement for c in communes if c.departement)),
    }
    # Outside the timings: the model (once per worker) and the index's kind shares (hourly).
    word_vectors()
    _kind_in_match("organisation")
    print(
        f"{connection.vendor}, {Organisation.objects.count():,} organisations ; {len(needs)} besoins ;"
        f" charge {os.getloadavg()[0]:.1f}"
    )
    print(f"{'':<44} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'trouvés':>8}")
    for level, territories in scopes.items():
        need_ms, need_found, first_ms, word_ms, word_found = [], [], [], [], []
        for territory in territories:
            for index, need in enumerate(needs):
                ms, count = timed(lambda: len(organisations_by_need(need=need, territory=territory).matches))  # noqa: B023
                (first_ms if index == 0 else need_ms).append(ms)
                need_found.append(count)
                filters = DirectoryFilters(q=need, territory=territory, active_only=True)
                ms, count = timed(lambda: len(list(organisations_search(filters)[:20])))  # noqa: B023
                word_ms.append(ms)
                word_found.append(count)
        sizes = [Organisation.objects.in_territory(t).count() for t in territories[:3]]
        print(f"— {level} : {len(territories)} territoires (les premiers : {', '.join(f'{n:,}' for n in sizes)} org.)")
        print(summary("  recherche par besoin", need_ms, need_found))
        print(f"  {'première recherche du territoire':<42} {statistics.median(first_ms):>7.0f} {max(first_ms):>15.0f}")
        print(summary("  référence : tous les mots (annuaire)", word_ms, word_found))
    from bench.memory import peak_rss_mb

    peak = peak_rss_mb()
    print(f"mémoire maximale du processus : {peak:.0f} Mo")


if __name__ == "__main__":
    main()
