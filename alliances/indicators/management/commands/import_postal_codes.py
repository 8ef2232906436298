"""Place the communes on the map: coordinates from La Poste's postal code base."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from alliances.core.csvfiles import open_text
from alliances.core.downloads import DownloadError, fetch, unpack
from alliances.indicators import services
from alliances.indicators.importers.common import WrongFileError
from alliances.indicators.importers.laposte import parse_laposte
from alliances.indicators.management.commands.import_indicators import count_lines


class Command(BaseCommand):
    help = (
        "Importe la base officielle des codes postaux de La Poste (laposte_hexasmal.csv) : "
        "coordonnées des communes (centre de leurs points). Chemin local ou URL. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="chemin local ou URL du fichier laposte_hexasmal.csv")

    def handle(self, *args, path, **options):
        started = time.monotonic()
        show = options.get("verbosity", 1) >= 1
        try:
            path = unpack(fetch(path, progress=show))
        except DownloadError as error:
            raise CommandError(str(error)) from error
        bar = tqdm(
            desc="Import des codes postaux", unit=" lignes", disable=not show, total=max(count_lines(path) - 1, 0)
        )
        try:
            with open_text(path) as handle:
                summary = services.commune_coordinates_import(rows=parse_laposte(handle), progress=bar.update)
        except WrongFileError as error:
            raise CommandError(f"{path.name} refusé. {error}") from error
        finally:
            bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"Codes postaux importés en {time.monotonic() - started:.1f} s : {summary.points} points lus, "
                f"coordonnées de {summary.communes} communes mises à jour."
            )
        )
        if summary.unknown_codes:
            self.stdout.write(
                f"{len(summary.unknown_codes)} codes absents du référentiel (ignorés) : "
                f"{', '.join(summary.unknown_codes[:10])}{'…' if len(summary.unknown_codes) > 10 else ''}"
            )
        if summary.error_count:
            self.stderr.write(
                self.style.WARNING(f"{summary.error_count} ligne(s) en erreur, ignorées (les autres sont importées) :")
            )
            for line_error in summary.errors:
                self.stderr.write(f"  {line_error}")
