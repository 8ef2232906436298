"""Load the official data shipped with the project (Filosofi 2021, La Poste), offline and idempotent."""

import time

from django.core.management.base import BaseCommand, CommandError

from alliances.indicators.bundle import bundled_data_load


class Command(BaseCommand):
    help = (
        "Charge les données officielles livrées avec le projet (data/officiel/ : INSEE Filosofi 2021 par commune, "
        "codes postaux et coordonnées de La Poste), sans réseau. Idempotent : un fichier déjà chargé est ignoré."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="recharger même si déjà chargé")

    def handle(self, *args, force, **options):
        started = time.monotonic()
        try:
            results = bundled_data_load(force=force)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        for result in results:
            self.stdout.write(f"{result.name} : {result.summary}.")
        self.stdout.write(
            self.style.SUCCESS(f"Données officielles embarquées prêtes en {time.monotonic() - started:.1f} s.")
        )
