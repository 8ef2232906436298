"""Load the official territory referential (communes, EPCI, départements, régions)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand

from alliances.core.commands import add_deprecated_option
from alliances.territories.importers.referential import DEFAULT_PATH
from alliances.territories.services import referential_load


class Command(BaseCommand):
    help = "Charge le référentiel officiel des territoires (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_PATH, help="fichier référentiel (.json.gz)")
        add_deprecated_option(parser, "--fichier", new="--file")
        parser.add_argument(
            "--departement", action="append", dest="departements", help="ne charger que ce département (répétable)"
        )
        parser.add_argument("--force", action="store_true", help="recharger même si déjà chargé")

    def handle(self, *args, file, departements, force, **options):
        started = time.monotonic()
        result = referential_load(path=file, only_departements=departements, force=force)
        if result.skipped:
            self.stdout.write("Référentiel des territoires déjà chargé : rien à faire.")
            return
        summary = ", ".join(f"{count} {name}" for name, count in result.counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Référentiel des territoires chargé en {time.monotonic() - started:.1f} s : {summary}.")
        )
