"""Restore an archive written by `alliances backup` (replaces the current content)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alliances.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restaure une sauvegarde (remplace tout le contenu actuel de la base)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--oui", action="store_true", help="confirmer le remplacement sans question")

    def handle(self, *args, archive, oui, **options):
        if not archive.is_file():
            raise CommandError(f"Archive introuvable : {archive}")
        if not oui:
            raise CommandError("La restauration remplace tout le contenu actuel : relancez avec --oui pour confirmer.")
        try:
            manifest = backup_restore(archive_path=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde du {manifest['created_at']} restaurée ({sum(manifest['objects'].values())} objets)."
            )
        )
