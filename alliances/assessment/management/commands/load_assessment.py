"""Load (or check) the self-assessment referential shipped in alliances/assessment/referentials/."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alliances.assessment.referential import ReferentialError
from alliances.assessment.services import AssessmentError, referential_load


class Command(BaseCommand):
    help = "Charge les versions du référentiel d'autodiagnostic (fichiers YAML) ; idempotent."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path, help="fichiers YAML (par défaut : ceux de l'application)")

    def handle(self, *args, **options):
        files = options["files"] or None
        for path in files or []:
            if not path.is_file():
                raise CommandError(f"Fichier introuvable : {path}")
        try:
            results = referential_load(paths=files)
        except (ReferentialError, AssessmentError) as error:
            raise CommandError(str(error)) from error
        for result in results:
            state = "chargée" if result.created else ("mise à jour" if result.updated else "déjà à jour")
            self.stdout.write(f"Référentiel d'autodiagnostic, version {result.version} : {state}.")
