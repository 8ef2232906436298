"""Save the database content and uploaded files in one archive."""

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from alliances.core.backup import backup_create


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les fichiers déposés dans une archive .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("--sortie", type=Path, help="chemin de l'archive (défaut : var/sauvegardes/…)")

    def handle(self, *args, sortie, **options):
        output = sortie or Path(settings.VAR_DIR) / "sauvegardes" / f"alliances-{datetime.now():%Y%m%d-%H%M%S}.tar.gz"
        manifest = backup_create(output=output)
        total = sum(manifest["objects"].values())
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite : {output} ({total} objets)."))
