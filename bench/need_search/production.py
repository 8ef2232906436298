"""The development set through the production path, and through the index's window.

    .venv/bin/python bench/need_search/production.py [--detail]

A fresh SQLite database in a temporary folder gets the territory referential, the RNA
nomenclature and the real Lozère RNA file, through the commands an operator runs
(`load_territories`, `import_rna_nomenclature`, `import_rna`); each need of the development set is
then searched across the département by `organisations_by_need` (the page's and the API's
function, first 50): once reading and ranking all its active associations, once through the
window the full-text index chooses (`need_index`), as in any territory of more than
`IN_MEMORY_LIMIT` organisations — the Lozère itself (2,172) in production. The BM25-OR baseline
of run.py is measured in the same run on the same file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import django

# --reuse DIR: keep the database in DIR and import only once (to look at results afterwards).
REUSE = sys.argv[sys.argv.index("--reuse") + 1] if "--reuse" in sys.argv else None
TEMPORARY = None if REUSE else tempfile.TemporaryDirectory(prefix="need-bench-")
os.environ["ALLIANCES_VAR_DIR"] = REUSE or TEMPORARY.name  # type: ignore[union-attr]
os.environ.pop("DATABASE_URL", None)
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from bench.need_search.corpus import NOMENCLATURE_FILE, RNA_FILE  # noqa: E402
from bench.need_search.run import AnalysedDocuments, associations, bm25_or, evaluate  # noqa: E402


class SameId(dict):
    """The rankers below already give RNA ids."""

    def __missing__(self, key):
        return key


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", default=str(Path(__file__).with_name("devset.json")))
    parser.add_argument("--detail", action="store_true", help="une ligne par besoin")
    parser.add_argument("--reuse", help="dossier de la base, gardée et réutilisée")
    args = parser.parse_args()
    from django.core.management import call_command

    from alliances.actors import need as actors_need
    from alliances.actors.models import Organisation
    from alliances.actors.selectors import DirectoryFilters, filtered_organisations
    from alliances.territories.models import Territory

    if not (args.reuse and (Path(args.reuse) / "alliances.sqlite3").exists()):
        call_command("migrate", verbosity=0)
        call_command("load_territories", verbosity=0)
        call_command("import_rna_nomenclature", str(NOMENCLATURE_FILE), verbosity=0)
        call_command("import_rna", str(RNA_FILE), verbosity=0)
    lozere = Territory.objects.get(kind="departement", code="48")
    rna_of = dict(Organisation.objects.values_list("pk", "rna_id"))
    active = filtered_organisations(DirectoryFilters(territory=lozere, active_only=True))

    def searched(need: str, in_memory_limit: int) -> list[str]:
        default = actors_need.IN_MEMORY_LIMIT
        actors_need.IN_MEMORY_LIMIT = in_memory_limit
        try:
            found = actors_need.organisations_by_need(need=need, territory=lozere, limit=50)
        finally:
            actors_need.IN_MEMORY_LIMIT = default
        return [rna_of[match.organisation.pk] for match in found.matches]

    def read_whole(need: str, _documents) -> list[str]:
        return searched(need, in_memory_limit=10**9)

    def through_index(need: str, _documents) -> list[str]:
        return searched(need, in_memory_limit=0)

    needs = json.loads(Path(args.devset).read_text(encoding="utf-8"))["besoins"]
    rows = associations()
    documents = AnalysedDocuments([doc for _, doc, _ in rows])
    read_whole("préchauffage du modèle", None)  # the vectors and the index's counts, outside the timings
    through_index("préchauffage du modèle", None)
    results = {
        "BM25-OR (référence)": evaluate(bm25_or, needs, documents, {doc.id: rna for rna, doc, _ in rows}),
        "besoin, tout le territoire lu": evaluate(read_whole, needs, documents, SameId()),
        "besoin, fenêtre de l'index": evaluate(through_index, needs, documents, SameId()),
    }
    print(f"{len(needs)} besoins ; {active.count()} associations actives importées en Lozère (import_rna)")
    print(f"{'système':<30} {'nDCG@10':>8} {'succès@10':>10} {'rappel@50':>10} {'p50 ms':>8} {'p95 ms':>8}")
    for name, result in results.items():
        print(
            f"{name:<30} {result['ndcg10']:>8.3f} {result['success10']:>10.2f} {result['recall50']:>10.2f}"
            f" {result['p50']:>8.0f} {result['p95']:>8.0f}"
        )
    if args.detail:
        for base, whole, window in zip(*(result["rows"] for result in results.values()), strict=True):
            print(
                f"  {base['cle']:<22} {base['ndcg10']:.2f} → {whole['ndcg10']:.2f} / {window['ndcg10']:.2f}"
                f"  succès {base['success10']:d} → {whole['success10']:d} / {window['success10']:d}"
            )


if __name__ == "__main__":
    main()
