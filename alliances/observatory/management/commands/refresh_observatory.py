"""Recompute the observatory's aggregates (and open-data files) now, or enqueue it."""

from django.core.management.base import BaseCommand

from alliances.core.commands import add_deprecated_option
from alliances.observatory.exports import exports_generate
from alliances.observatory.services import observatory_refresh, other_aggregates_refresh
from alliances.observatory.tasks import refresh_observatory


class Command(BaseCommand):
    help = (
        "Recalcule les chiffres de l'observatoire, les fichiers de données ouvertes et les décomptes "
        "mis de côté par les autres modules (annuaire par territoire)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Confier le calcul au travailleur de tâches au lieu de l'exécuter ici.",
        )
        parser.add_argument(
            "--no-exports",
            action="store_true",
            help="Ne pas régénérer les fichiers de données ouvertes.",
        )
        add_deprecated_option(parser, "--en-tache", new="--enqueue")
        add_deprecated_option(parser, "--sans-exports", new="--no-exports")

    def handle(self, *args, enqueue=False, no_exports=False, **options):
        if enqueue:
            result = refresh_observatory.enqueue()
            self.stdout.write(self.style.SUCCESS(f"Calcul confié au travailleur de tâches ({result.id})."))
            return
        run = observatory_refresh()
        for metric, state in run.sources.items():
            self.stdout.write(f"  {metric} : {state}")
        files = [] if no_exports else exports_generate()
        for done in other_aggregates_refresh():
            self.stdout.write(f"  {done}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Observatoire à jour : {run.cells} cellules, {len(files)} fichiers de données ouvertes."
            )
        )
