"""Import practices from a JSON file (our export format), for an operator migrating an existing base."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from alliances.core.commands import add_deprecated_option
from alliances.practices.importers.practices_json import parse_practices
from alliances.practices.services import practice_import


class Command(BaseCommand):
    help = "Importe des pratiques depuis un fichier JSON (format de l'export) et affiche un rapport de validation."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--contributor", required=True, help="adresse du compte à qui attribuer les pratiques")
        parser.add_argument("--publish", action="store_true", help="publier directement (sinon : à modérer)")
        parser.add_argument("--dry-run", action="store_true", help="valider sans rien enregistrer")
        add_deprecated_option(parser, "--contributeur", new="--contributor")
        add_deprecated_option(parser, "--publier", new="--publish")
        add_deprecated_option(parser, "--essai", new="--dry-run")

    def handle(self, *args, path: Path, contributor: str, publish: bool, dry_run: bool, **options):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Lecture impossible de {path} : {error}") from error
        user = get_user_model().objects.filter(email__iexact=contributor).first()
        if user is None:
            raise CommandError(f"Aucun compte pour {contributor}.")
        entries, problems = parse_practices(text)
        report = practice_import(entries=entries, contributor=user, publish=publish, dry_run=dry_run)
        problems += report.problems
        for problem in sorted(problems, key=lambda p: p.position):
            self.stdout.write(f"  ✗ {problem}")
        verb = "seraient importées" if dry_run else "importées"
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.created} pratique(s) {verb}, {report.skipped} déjà présente(s), {len(problems)} refusée(s)."
            )
        )
