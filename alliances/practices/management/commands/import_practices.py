"""Import practices from a JSON file (our export format), for an operator migrating an existing base."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from alliances.practices.importers.practices_json import parse_practices
from alliances.practices.services import practice_import


class Command(BaseCommand):
    help = "Importe des pratiques depuis un fichier JSON (format de l'export) et affiche un rapport de validation."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--contributeur", required=True, help="adresse du compte à qui attribuer les pratiques")
        parser.add_argument("--publier", action="store_true", help="publier directement (sinon : à modérer)")
        parser.add_argument("--essai", action="store_true", help="valider sans rien enregistrer")

    def handle(self, *args, path: Path, contributeur: str, publier: bool, essai: bool, **options):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Lecture impossible de {path} : {error}") from error
        user = get_user_model().objects.filter(email__iexact=contributeur).first()
        if user is None:
            raise CommandError(f"Aucun compte pour {contributeur}.")
        entries, problems = parse_practices(text)
        report = practice_import(entries=entries, contributor=user, publish=publier, dry_run=essai)
        problems += report.problems
        for problem in sorted(problems, key=lambda p: p.position):
            self.stdout.write(f"  ✗ {problem}")
        verb = "seraient importées" if essai else "importées"
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.created} pratique(s) {verb}, {report.skipped} déjà présente(s), {len(problems)} refusée(s)."
            )
        )
