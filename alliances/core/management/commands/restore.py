"""Restore an archive written by `alliances backup` (replaces the current content)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alliances.core.backup import BackupError, backup_restore
from alliances.core.commands import add_deprecated_option


class Command(BaseCommand):
    help = "Restaure une sauvegarde (remplace tout le contenu actuel de la base)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="confirmer le remplacement sans question")
        add_deprecated_option(parser, "--oui", new="--yes")

    def handle(self, *args, archive, yes, **options):
        if not archive.is_file():
            raise CommandError(f"Archive introuvable : {archive}")
        if not yes:
            raise CommandError("La restauration remplace tout le contenu actuel : relancez avec --yes pour confirmer.")
        try:
            manifest = backup_restore(archive_path=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde du {manifest['created_at']} restaurée ({sum(manifest['objects'].values())} objets)."
            )
        )
