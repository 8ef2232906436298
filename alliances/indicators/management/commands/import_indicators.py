"""Import an official INSEE file into the indicator store (local path or URL)."""

from __future__ import annotations

import re
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from alliances.core.commands import add_deprecated_option
from alliances.core.csvfiles import open_text
from alliances.core.downloads import DownloadError, fetch, unpack
from alliances.indicators import services
from alliances.indicators.importers.common import WrongFileError
from alliances.indicators.importers.comparateur import parse_comparateur
from alliances.indicators.importers.densite import parse_density_grid, xlsx_rows
from alliances.indicators.importers.filosofi import parse_filosofi
from alliances.territories.enums import TerritoryKind

_LEVELS = {
    "COM": TerritoryKind.COMMUNE,
    "EPCI": TerritoryKind.EPCI,
    "DEP": TerritoryKind.DEPARTEMENT,
    "REG": TerritoryKind.REGION,
}


def level_from_name(name: str) -> str:
    """`cc_filosofi_2021_DEP.csv` holds départements; a file without suffix holds communes."""
    match = re.search(r"_(COM|EPCI|DEP|REG)\b", Path(name).stem.upper())
    return _LEVELS[match.group(1)] if match else TerritoryKind.COMMUNE


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


class Command(BaseCommand):
    help = (
        "Importe un fichier officiel de l'INSEE (Filosofi, base comparateur de territoires, "
        "grille communale de densité) depuis un chemin local ou une URL. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", required=True, choices=["filosofi", "comparateur", "densite"])
        parser.add_argument("path", help="chemin local ou URL officielle du fichier")
        parser.add_argument(
            "--level",
            choices=[k.value for k in TerritoryKind],
            help="niveau des territoires du fichier (par défaut : d'après le nom, _COM, _EPCI, _DEP, _REG)",
        )
        add_deprecated_option(parser, "--niveau", new="--level")

    def handle(self, *args, source, path, level, **options):
        started = time.monotonic()
        show = options.get("verbosity", 1) >= 1
        try:
            path = unpack(fetch(path, progress=show), prefer="_COM" if source == "filosofi" else "")
        except DownloadError as error:
            raise CommandError(str(error)) from error
        kind = level or level_from_name(path.name)
        bar = tqdm(
            desc=f"Import {source}",
            unit=" lignes",
            disable=not show,
            total=None if source == "densite" else max(count_lines(path) - 1, 0),
        )
        try:
            if source == "densite":
                rows = parse_density_grid(xlsx_rows(path))
                summary = services.indicators_import(source=source, rows=rows, kind=kind, progress=bar.update)
            else:
                parser = parse_filosofi if source == "filosofi" else parse_comparateur
                with open_text(path) as handle:
                    summary = services.indicators_import(
                        source=source, rows=parser(handle), kind=kind, progress=bar.update
                    )
        except WrongFileError as error:
            raise CommandError(f"{path.name} refusé. {error}") from error
        finally:
            bar.close()
        self._report(summary, path, time.monotonic() - started)

    def _report(self, summary, path, elapsed):
        vintages = ", ".join(str(v) for v in sorted(summary.vintages)) or "aucun"
        lines = [
            f"Import {summary.source} terminé en {elapsed:.1f} s ({path.name}) : "
            f"{summary.rows} lignes lues, {summary.values} valeurs enregistrées, millésime(s) {vintages}, "
            f"{summary.aggregated} valeurs agrégées (EPCI, départements, régions, France).",
        ]
        if summary.merged:
            parts = sum(len(codes) for codes in summary.merged.values())
            lines.append(
                f"{parts} lignes de communes fusionnées depuis le millésime reportées sur {len(summary.merged)} "
                "communes actuelles (effectifs additionnés, taux recalculés, médianes non disponibles)."
            )
        if summary.unknown_codes:
            sample = ", ".join(summary.unknown_codes[:10])
            lines.append(
                f"{len(summary.unknown_codes)} codes absents du référentiel des territoires "
                f"(ignorés) : {sample}{'…' if len(summary.unknown_codes) > 10 else ''}"
            )
        self.stdout.write(self.style.SUCCESS(lines[0]))
        for line in lines[1:]:
            self.stdout.write(line)
        if summary.error_count:
            self.stderr.write(
                self.style.WARNING(f"{summary.error_count} ligne(s) en erreur, ignorées (les autres sont importées) :")
            )
            for error in summary.errors:
                self.stderr.write(f"  {error}")
            if summary.error_count > len(summary.errors):
                self.stderr.write(f"  … et {summary.error_count - len(summary.errors)} autres.")
