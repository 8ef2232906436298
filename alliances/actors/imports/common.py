"""What the register imports share: batch size, summary, rejects file, fingerprints, search tags of new
organisations, and when the directory's list indexes are built after the last batch."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from alliances.actors.enums import OrganisationKind
from alliances.actors.imports.sql import bulk_import_settings
from alliances.actors.indexing import organisation_tags
from alliances.actors.models import ImportRun, Organisation
from alliances.actors.sdg_mapping import sdgs_for_themes
from alliances.actors.themes import naf_theme_code
from alliances.core.csv_export import csv_writer
from alliances.core.deferred_indexes import deferred_indexes
from alliances.core.search.bulk import joined_tag_terms

# Lines per batch (one transaction each). Each batch costs a commit and, under SQLite, new FTS5
# segments to merge later: 10,000 lines write ~8 % faster than 5,000 (RNA, measured on 200,000
# lines), and at most two batches wait between the two processes (memory stays under 300 MB).
DEFAULT_BATCH = 10_000
MAX_PENDING = 2


class ImportAbortedError(Exception):
    """The import cannot start or go on (unreadable file, wrong layout, file not sorted); message in French."""


@dataclass
class ImportSummary:
    kind: str
    source: str
    dry_run: bool = False
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    warnings: int = 0
    # SIRENE counts lines (establishments); several establishments can share one new organisation.
    organisations_created: int = 0
    reasons: Counter = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)
    rejects_path: str = ""
    # The directory's indexes built after the last batch (see DIRECTORY_INDEXES)
    rebuilt_indexes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "lues": self.read,
            "créées": self.created,
            "mises à jour": self.updated,
            "inchangées": self.unchanged,
            "rejetées": self.rejected,
            "avertissements": self.warnings,
            **({"organisations créées": self.organisations_created} if self.organisations_created else {}),
            "motifs": dict(self.reasons.most_common()),
        }

    def as_text(self) -> str:
        lines = [
            f"{'Simulation (--dry-run) : rien n’a été enregistré. ' if self.dry_run else ''}"
            f"Import {self.kind} de {self.source}",
            f"  lignes lues : {self.read}",
            f"  créées : {self.created}",
            f"  mises à jour : {self.updated}",
            f"  inchangées : {self.unchanged}",
            f"  rejetées : {self.rejected}",
            f"  importées avec avertissement : {self.warnings}",
        ]
        if self.organisations_created:
            lines.insert(
                4,
                f"  organisations nouvelles (une par SIREN, pour un ou plusieurs établissements) : "
                f"{self.organisations_created}",
            )
        if self.reasons:
            lines.append("  motifs :")
            lines += [f"    {count} × {reason}" for reason, count in self.reasons.most_common(15)]
        if self.rebuilt_indexes:
            lines.append(
                f"  index de l’annuaire construits après l’import (fichier volumineux) : {len(self.rebuilt_indexes)}"
            )
        lines.append(f"  fichier des rejets : {self.rejects_path}" if self.rejects_path else "  aucun rejet")
        return "\n".join(lines)


class RejectsWriter:
    """CSV (`;`, UTF-8) of the lines rejected or imported with a warning, created on first use."""

    HEADER = ["fichier", "ligne", "identifiant", "motif", "suite donnée"]

    def __init__(self, path: Path):
        self.path = path
        self._file: IO[str] | None = None
        self._writer: Any = None  # a csv writer, opened at the first reject

    def write(self, file: str, line: int, identifier: str, reason: str, action: str) -> None:
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("w", encoding="utf-8", newline="")
            self._writer = csv_writer(self._file, delimiter=";")
            self._writer.writerow(self.HEADER)
        self._writer.writerow([file, line, identifier, reason, action])

    @property
    def used(self) -> bool:
        return self._writer is not None

    def close(self) -> None:
        if self._file:
            self._file.close()


def default_rejects_path(kind: str) -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "imports" / f"rejets-{kind}-{stamp}.csv"


def reject_line(
    summary: ImportSummary, rejects: RejectsWriter, file: str, line: int, identifier: str, reason: str
) -> None:
    """Count a rejected line in the summary and write it to the rejects file."""
    summary.rejected += 1
    summary.reasons[generic_reason(reason)] += 1
    rejects.write(file, line, identifier, reason, "ligne ignorée")


def run_recorded(kind: str, source: str, summary: ImportSummary, rejects: RejectsWriter) -> ImportSummary:
    """Record a finished import (ImportRun: its counts and rejects file); return its summary."""
    summary.rejects_path = str(rejects.path) if rejects.used else ""
    ImportRun.objects.create(
        kind=kind,
        source=source[:500],
        dry_run=summary.dry_run,
        finished_at=timezone.now(),
        counts=summary.as_dict(),
        rejects_path=summary.rejects_path,
    )
    return summary


def generic_reason(reason: str) -> str:
    """Group reasons in the summary ("commune introuvable : « X »" → "commune introuvable")."""
    return reason.split(" : ", 1)[0] if " : " in reason else reason.split(" « ", 1)[0]


def fingerprint_of(values: Iterable) -> str:
    return hashlib.md5(repr(tuple(values)).encode(), usedforsecurity=False).hexdigest()


# The directory's list indexes (Organisation.Meta.indexes): its pages read them, an import never
# does. A load that may more than double the directory builds them after its last batch rather
# than row by row (alliances.core.deferred_indexes: national RNA file into an empty directory,
# 116 s of the writing process's CPU → 80 s, plus 7.7 s to build the four).
DIRECTORY_INDEXES = (
    "organisation_commune_kind",
    "organisation_kind_status",
    "organisation_name_id_commune",
    "organisation_commune_name",
)
# Fewest lines for which the indexes are deferred: below, maintaining them costs little, and the
# directory stays fully indexed while the import runs.
_DEFER_FROM_LINES = 100_000
# Bytes per line used to estimate a file's lines from its size: more than the registers' lines
# take (RNA: 358 for the "import" layout of the Lozère, ~530 for waldec; SIRENE's stock: ~180),
# so that the estimate errs on the side of fewer lines.
RNA_LINE_BYTES, SIRENE_LINE_BYTES = 600, 250


class TagTexts:
    """The analysed tags of new organisations' search documents (what organisation_tags gives,
    analysed), from two caches: by commune (its territories) and by category (kind, status,
    themes…: a few hundred combinations); analysing them for each organisation cost 3 µs.
    `category_tags(*category)` gives the tags of a category, without the territory's."""

    def __init__(self, tags_of: dict, category_tags: Callable[..., list[str]]):
        self._tags_of = tags_of
        self._category_tags = category_tags
        self._by_commune: dict[int | None, str] = {}
        self._by_category: dict[tuple, str] = {}

    def __call__(self, commune_id: int | None, category: tuple) -> str:
        territory = self._by_commune.get(commune_id)
        if territory is None:
            territory = self._by_commune[commune_id] = joined_tag_terms(self._tags_of.get(commune_id, ()))
        text = self._by_category.get(category)
        if text is None:
            text = self._by_category[category] = joined_tag_terms(self._category_tags(*category))
        return f"{territory} {text}" if territory else text


def rna_category_tags(status: str, family_codes: tuple[str, ...]) -> list[str]:
    return organisation_tags(
        kind=OrganisationKind.ASSOCIATION.value,
        status=status,
        is_ess=False,
        headcount_band="",
        territory_tags=(),
        sdgs=sdgs_for_themes(family_codes),
        theme_codes=family_codes,
    )


def sirene_category_tags(kind: str, status: str, is_ess: bool, headcount_band: str, section: str | None) -> list[str]:
    theme_codes = [naf_theme_code(section)] if section else []
    return organisation_tags(
        kind=kind,
        status=status,
        is_ess=is_ess,
        headcount_band=headcount_band,
        territory_tags=(),
        sdgs=sdgs_for_themes(theme_codes),
        theme_codes=theme_codes,
    )


def defers_indexes(source_bytes: int, line_bytes: int, *, choice: bool | None, dry_run: bool) -> bool:
    """Whether a load builds the directory's list indexes after its last batch: when asked, or
    (`choice` None) when its file has more lines than the directory has organisations (a first
    import, or one resumed before its half; not the update of a loaded directory). Never for a dry
    run (one transaction rolled back: nothing to build)."""
    if dry_run:
        return False
    if choice is not None:
        return choice
    lines = source_bytes // line_bytes
    return lines >= _DEFER_FROM_LINES and lines > Organisation.objects.count()


def run_loading(run: Callable[[], None], *, defer: bool, dry_run: bool) -> list[str]:
    """Run an import's batches (or simulate them) with the SQLite settings of a big import, the
    directory's list indexes built after the last batch when `defer`; return those so built."""
    with (
        bulk_import_settings(indexes_deferred=defer),
        deferred_indexes(Organisation, DIRECTORY_INDEXES, defer=defer) as deferred,
    ):
        run_or_simulate(run, dry_run=dry_run)
    return deferred


def run_or_simulate(run, *, dry_run: bool) -> None:
    """Run an import; a dry run is one transaction rolled back at the end, so that its counts are
    exactly those of a real run."""
    if not dry_run:
        run()
        return
    with transaction.atomic():
        run()
        transaction.set_rollback(True)
