"""Load the official nomenclature of RNA social objects (detailed theme labels)."""

from django.core.management.base import BaseCommand, CommandError

from alliances.actors.imports import ImportAbortedError, rna_nomenclature_import


class Command(BaseCommand):
    help = "Charge la nomenclature officielle des objets sociaux du RNA (libellés détaillés des thèmes)."

    def add_arguments(self, parser):
        parser.add_argument("source", help="chemin ou URL du fichier rna-associations-nomenclature-waldec.csv")

    def handle(self, *args, source, **options):
        try:
            summary = rna_nomenclature_import(source=source)
        except ImportAbortedError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(summary.as_text())
