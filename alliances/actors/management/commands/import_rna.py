"""Import the RNA register of associations (waldec or import layout, CSV or zip, path or URL)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from alliances.actors.imports import DEFAULT_BATCH, ImportAbortedError, rna_import
from alliances.actors.management.indexes_option import add_indexes_option, defer_indexes
from alliances.core.commands import add_deprecated_option


class Command(BaseCommand):
    help = "Importe le Répertoire national des associations (RNA) : idempotent, par lots."

    def add_arguments(self, parser):
        parser.add_argument("source", help="chemin ou URL d'un fichier RNA (.csv ou .zip d'un CSV par département)")
        parser.add_argument("--dry-run", action="store_true", help="tout vérifier sans rien enregistrer")
        parser.add_argument(
            "--rejects",
            type=Path,
            help="fichier CSV des lignes rejetées (par défaut var/imports/rejets-rna-….csv)",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH,
            help=f"lignes par transaction (défaut {DEFAULT_BATCH})",
        )
        parser.add_argument(
            "--no-search-index",
            action="store_true",
            help="ne pas mettre à jour l'index de recherche (le reconstruire ensuite)",
        )
        add_deprecated_option(parser, "--rejets", new="--rejects")
        add_deprecated_option(parser, "--lot", new="--batch-size")
        add_deprecated_option(parser, "--sans-index", new="--no-search-index")
        add_indexes_option(parser)

    def handle(self, *args, source, dry_run, rejects, batch_size, no_search_index, **options):
        show = options["verbosity"] >= 1
        with tqdm(unit=" lignes", desc="RNA", disable=not show, file=self.stderr._out, mininterval=1) as bar:
            try:
                summary = rna_import(
                    source=source,
                    dry_run=dry_run,
                    rejects_path=rejects,
                    batch_size=batch_size,
                    progress=bar.update,
                    index_search=not no_search_index,
                    defer_indexes=defer_indexes(options),
                )
            except ImportAbortedError as error:
                raise CommandError(str(error)) from error
        if show:
            self.stdout.write(summary.as_text())
