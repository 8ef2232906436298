"""Import the SIRENE register (INSEE stock files), filtered by département."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from alliances.actors.imports import DEFAULT_BATCH, ImportAbortedError, sirene_import
from alliances.actors.management.indexes_option import add_indexes_option, defer_indexes
from alliances.core.commands import add_deprecated_option


class Command(BaseCommand):
    help = "Importe les établissements SIRENE (et leurs unités légales) d'un ou plusieurs départements."

    def add_arguments(self, parser):
        parser.add_argument(
            "--establishments", required=True, help="StockEtablissement_utf8.csv (chemin ou URL, csv ou zip)"
        )
        parser.add_argument("--legal-units", help="StockUniteLegale_utf8.csv (chemin ou URL, csv ou zip)")
        parser.add_argument(
            "--departement",
            action="append",
            dest="departements",
            default=[],
            help="ne garder que ce département (répétable)",
        )
        parser.add_argument("--employers-only", action="store_true", help="seulement les établissements employeurs")
        parser.add_argument("--dry-run", action="store_true", help="tout vérifier sans rien enregistrer")
        parser.add_argument("--rejects", type=Path, help="fichier CSV des lignes rejetées")
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH)
        add_indexes_option(parser)
        for old, new in (
            ("--etablissements", "--establishments"),
            ("--unites-legales", "--legal-units"),
            ("--employeurs", "--employers-only"),
            ("--rejets", "--rejects"),
            ("--lot", "--batch-size"),
        ):
            add_deprecated_option(parser, old, new=new)

    def handle(self, *args, **options):
        show = options["verbosity"] >= 1
        with tqdm(unit=" lignes", desc="SIRENE", disable=not show, file=self.stderr._out, mininterval=1) as bar:
            try:
                summary = sirene_import(
                    etablissements=options["establishments"],
                    unites_legales=options["legal_units"],
                    departements=options["departements"],
                    employers_only=options["employers_only"],
                    dry_run=options["dry_run"],
                    rejects_path=options["rejects"],
                    batch_size=options["batch_size"],
                    progress=bar.update,
                    defer_indexes=defer_indexes(options),
                )
            except ImportAbortedError as error:
                raise CommandError(str(error)) from error
        if show:
            self.stdout.write(summary.as_text())
