"""Download every official file from its official address and run its importer: one command, one report."""

from __future__ import annotations

import time
import zipfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from alliances.core.downloads import DownloadError, download
from alliances.indicators.official_sources import NAMES, OfficialSource, official_sources


def _member_for(path: Path, departement: str) -> Path:
    """The file of one département in a national zip (`…_dpt_48.csv`), extracted beside it."""
    if path.suffix.lower() != ".zip":
        return path
    with zipfile.ZipFile(path) as archive:
        wanted = [n for n in archive.namelist() if n.lower().endswith(f"_dpt_{departement.lower()}.csv")]
        if not wanted:
            raise DownloadError(f"L'archive {path.name} ne contient pas de fichier pour le département {departement}.")
        target = path.with_name(Path(wanted[0]).name)
        target.write_bytes(archive.read(wanted[0]))
    return target


class Command(BaseCommand):
    help = (
        "Télécharge les fichiers officiels depuis leurs adresses officielles (reprise d'un téléchargement "
        "interrompu, taille et empreinte vérifiées, copie gardée dans ALLIANCES_DATA_DIR), lance l'import de "
        "chacun et affiche un seul compte rendu. Sources : " + ", ".join(NAMES) + "."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--departement",
            help="pour le RNA, ne charger que ce département (par exemple 48) ; les autres fichiers sont nationaux",
        )
        parser.add_argument(
            "--source", action="append", dest="sources", choices=NAMES, help="ne charger que cette source (répétable)"
        )

    def handle(self, *args, departement, sources, **options):
        show = options.get("verbosity", 1) >= 1
        report: list[tuple[str, str, str]] = []
        failures = 0
        for source in official_sources(sources):
            started = time.monotonic()
            try:
                fetched = download(source.url, progress=show)
                path = fetched.path
                if source.per_departement and departement:
                    path = _member_for(path, departement)
                outcome = self._import(source, path)
            except (DownloadError, CommandError) as error:
                failures += 1
                report.append((source.label, "échec", str(error)))
                continue
            elapsed = time.monotonic() - started
            detail = f"{fetched.status}, {fetched.size / 1e6:.1f} Mo, sha256 {fetched.sha256[:12]}… ; {outcome}"
            report.append((source.label, f"{elapsed:.0f} s", detail))
        self.stdout.write("Compte rendu du chargement des données officielles :")
        for label, state, detail in report:
            self.stdout.write(f"- {label} [{state}] : {detail}")
        if failures:
            raise CommandError(
                f"{failures} source(s) non chargée(s) : relancer la commande reprend où elle s'est arrêtée."
            )
        self.stdout.write(self.style.SUCCESS(f"{len(report)} source(s) chargée(s)."))

    def _import(self, source: OfficialSource, path: Path) -> str:
        out, err = StringIO(), StringIO()
        call_command(source.command, *source.options, str(path), stdout=out, stderr=err, verbosity=1)
        lines = [line.strip() for line in out.getvalue().splitlines() if line.strip()]
        # The importers end with their summary line; keep it (and its follow-up lines) short.
        summary = " ".join(lines[-3:]) if lines else "importé"
        problems = [line for line in err.getvalue().splitlines() if "erreur" in line]
        return summary + (f" ({problems[0].strip()})" if problems else "")
