"""Save the database content and uploaded files in one archive."""

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from alliances.core.backup import backup_create
from alliances.core.commands import add_deprecated_option


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les fichiers déposés dans une archive .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="chemin de l'archive (défaut : var/sauvegardes/…)")
        add_deprecated_option(parser, "--sortie", new="--output")

    def handle(self, *args, output, **options):
        output = output or Path(settings.VAR_DIR) / "sauvegardes" / f"alliances-{datetime.now():%Y%m%d-%H%M%S}.tar.gz"
        manifest = backup_create(output=output)
        total = sum(manifest["objects"].values())
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite : {output} ({total} objets)."))
