"""Search by need on the judged development set: nDCG@10, success@10, recall@50 and latency,
side by side with the BM25-OR baseline measured in the same run.

    .venv/bin/python bench/need_search/run.py [--devset bench/need_search/devset.json] [--detail]

The corpus is the active associations of the real RNA Lozère file (../shared/data/real); see
bench/need_search/README.md for the judging method.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from alliances.core.search.need import AnalysedDocuments, lexical_ranking, need_ranking  # noqa: E402
from bench.need_search.corpus import associations  # noqa: E402

Ranker = Callable[[str, AnalysedDocuments], list[int]]


def bm25_or(need: str, documents: AnalysedDocuments) -> list[int]:
    scores = lexical_ranking(need, documents)
    docs = documents.documents
    order = sorted((i for i, score in enumerate(scores) if score > 0), key=lambda i: (-scores[i], docs[i].id))
    return [docs[i].id for i in order[:50]]


def hybrid(need: str, documents: AnalysedDocuments) -> list[int]:
    return [result.id for result in need_ranking(need, documents, limit=50).results]


def ndcg_at_10(ranked: list[str], grades: dict[str, int]) -> float:
    dcg = sum((2 ** grades.get(rna, 0) - 1) / math.log2(rank + 2) for rank, rna in enumerate(ranked[:10]))
    ideal = sorted(grades.values(), reverse=True)[:10]
    idcg = sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def evaluate(ranker: Ranker, needs: list[dict], documents: AnalysedDocuments, rna_of: dict[int, str]) -> dict:
    rows, latencies = [], []
    for need in needs:
        started = time.perf_counter()
        ranked = [rna_of[doc_id] for doc_id in ranker(need["besoin"], documents)]
        latencies.append((time.perf_counter() - started) * 1000)
        grades = need["jugements"]
        relevant = {rna for rna, grade in grades.items() if grade == 2}
        rows.append(
            {
                "cle": need["cle"],
                "ndcg10": ndcg_at_10(ranked, grades),
                "success10": any(grades.get(rna) == 2 for rna in ranked[:10]),
                "recall50": len(relevant & set(ranked[:50])) / len(relevant) if relevant else 0.0,
            }
        )
    latencies.sort()
    return {
        "rows": rows,
        "ndcg10": statistics.mean(row["ndcg10"] for row in rows),
        "success10": statistics.mean(1.0 if row["success10"] else 0.0 for row in rows),
        "recall50": statistics.mean(row["recall50"] for row in rows),
        "p50": latencies[len(latencies) // 2],
        "p95": latencies[min(len(latencies) - 1, math.ceil(0.95 * len(latencies)) - 1)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", default=str(Path(__file__).with_name("devset.json")))
    parser.add_argument("--detail", action="store_true", help="une ligne par besoin")
    args = parser.parse_args()
    needs = json.loads(Path(args.devset).read_text(encoding="utf-8"))["besoins"]
    rows = associations()
    documents = AnalysedDocuments([doc for _, doc, _ in rows])  # as the directory keeps them, analysed once
    rna_of = {doc.id: rna for rna, doc, _ in rows}
    need_ranking("préchauffage du modèle", documents)  # load the vectors outside the timings
    results = {"BM25-OR (référence)": evaluate(bm25_or, needs, documents, rna_of)}
    results["hybride (besoin)"] = evaluate(hybrid, needs, documents, rna_of)
    print(f"{len(needs)} besoins, {len(documents.documents)} associations actives (RNA Lozère)")
    print(f"{'système':<22} {'nDCG@10':>8} {'succès@10':>10} {'rappel@50':>10} {'p50 ms':>8} {'p95 ms':>8}")
    for name, result in results.items():
        print(
            f"{name:<22} {result['ndcg10']:>8.3f} {result['success10']:>10.2f} {result['recall50']:>10.2f}"
            f" {result['p50']:>8.0f} {result['p95']:>8.0f}"
        )
    if args.detail:
        for base, new in zip(*(result["rows"] for result in results.values()), strict=True):
            print(
                f"  {base['cle']:<22} {base['ndcg10']:.2f} → {new['ndcg10']:.2f}  succès {base['success10']:d} → {new['success10']:d}"
            )


if __name__ == "__main__":
    main()
