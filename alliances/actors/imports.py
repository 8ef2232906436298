"""Load the registers into the directory: RNA (associations) and SIRENE (companies, establishments).

Every import is an idempotent upsert by register id, committed one batch at a time (an
interrupted import leaves whole batches and is resumed by running it again), writes only
register fields (never what members declared), and reports each rejected or doubtful line
with its line number in a rejects file.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple, cast

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from alliances.actors.communes import CommuneResolver
from alliances.actors.enums import (
    EMPLOYER_BANDS,
    ImportKind,
    OrganisationKind,
    OrganisationStatus,
    Source,
)
from alliances.actors.importers import rna, sirene
from alliances.actors.importers.sources import (
    SourceError,
    local_copy,
    open_csv_files,
    uncompressed_size,
)
from alliances.actors.indexing import (
    SEARCH_KIND,
    organisation_entry,
    organisation_tags,
    organisation_text,
)
from alliances.actors.models import ImportRun, Organisation, Theme
from alliances.actors.parallel import ProducedInChild
from alliances.actors.sdg_mapping import sdgs_for_themes
from alliances.actors.services import themes_ensure_builtin
from alliances.actors.themes import naf_section, naf_theme_code
from alliances.core.deferred_indexes import deferred_indexes, restore_indexes
from alliances.core.search import IndexEntry, bulk_writing, document_preparer, write_documents
from alliances.core.search.bulk import joined_tag_terms

if TYPE_CHECKING:
    from _csv import Writer

# Lines per batch (one transaction each). Each batch costs a commit and, under SQLite, new FTS5
# segments to merge later: 10,000 lines write ~8 % faster than 5,000 (RNA, measured on 200,000
# lines), and at most two batches wait between the two processes (memory stays under 300 MB).
DEFAULT_BATCH = 10_000
_MAX_PENDING = 2


class ImportError_(Exception):
    """The import cannot start (unreadable file, wrong layout); message in French."""


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
        self._writer: Writer | None = None

    def write(self, file: str, line: int, identifier: str, reason: str, action: str) -> None:
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("w", encoding="utf-8", newline="")
            self._writer = csv.writer(self._file, delimiter=";")
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


def _generic_reason(reason: str) -> str:
    """Group reasons in the summary ("commune introuvable : « X »" → "commune introuvable")."""
    return reason.split(" : ", 1)[0] if " : " in reason else reason.split(" « ", 1)[0]


def _fingerprint(values: Iterable) -> str:
    return hashlib.md5(repr(tuple(values)).encode(), usedforsecurity=False).hexdigest()


# Register columns the RNA import writes (nothing declared by members is in this list).
RNA_COLUMNS = (
    "kind",
    "name",
    "short_name",
    "rna_former_id",
    "rna_successor_id",
    "siret",
    "siren",
    "commune_id",
    "address",
    "postal_code",
    "website",
    "register_object",
    "rna_object_codes",
    "status",
    "created_on",
    "status_changed_on",
    "rna_source",
    "rna_imported_at",
    "rna_fingerprint",
    "updated_at",
)
# Positions in a row of RNA_COLUMNS values.
(_NAME, _SHORT_NAME, _SIRET, _SIREN, _COMMUNE, _OBJECT, _CODES, _STATUS, _FINGERPRINT) = (
    RNA_COLUMNS.index(c)
    for c in (
        "name",
        "short_name",
        "siret",
        "siren",
        "commune_id",
        "register_object",
        "rna_object_codes",
        "status",
        "rna_fingerprint",
    )
)
_RNA_WIDTH = len(RNA_COLUMNS)
# Plain strings, not the enum members: rows cross from the parsing process (pickled), and an
# enum member is rebuilt through its class on every unpickling.
_RNA_STATUS = {
    "A": OrganisationStatus.ACTIVE.value,
    "D": OrganisationStatus.DISSOLVED.value,
    "S": OrganisationStatus.DISSOLVED.value,
    "R": OrganisationStatus.CLOSED.value,
}
_ASSOCIATION, _FROM_RNA = OrganisationKind.ASSOCIATION.value, Source.RNA.value
# Rows per `IN (…)` list: under SQLite's historical limit of 999 variables.
_IN_CHUNK = 900
# SQLite page cache during a big import (negative: KiB): the organisation table and its
# indexes outgrow the default 2 MB at a few hundred thousand rows, and every batch then
# rereads index pages from the OS. 64 MB keeps the hot index pages in memory and stays
# well within the import's memory budget. When the directory's list indexes are built after the
# import (DIRECTORY_INDEXES) the pages written are those of the tables and of indexes filled in
# order: 32 MB write as fast (national RNA file: 100.8 s of the writing process's CPU with 32 MB,
# 107.5 s with 64, same machine load) and the process's peak memory falls from 301 to 266 MB.
_SQLITE_IMPORT_CACHE_KIB = 64 * 1024
_SQLITE_DEFERRED_IMPORT_CACHE_KIB = 32 * 1024
# WAL pages between two checkpoints during a big import (SQLite's default: 1,000 pages, 4 MB).
# A batch of 10,000 lines writes more than that, so every commit was followed by a checkpoint,
# and with `synchronous = NORMAL` each checkpoint waits for the disk (fsync of the WAL, then of
# the database): the national RNA import spent 165 s of wall time for 114 s of CPU. 50,000 pages
# (200 MB of WAL at most) make ~10 times fewer checkpoints, each copying a page written by
# several batches once.
_SQLITE_IMPORT_WAL_PAGES = 50_000
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
_RNA_LINE_BYTES, _SIRENE_LINE_BYTES = 600, 250


def _chunks(items: list, size: int = _IN_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _select_in(cursor, table: str, key: str, columns: str, keys, where: str = "") -> list[tuple]:
    """Rows (key, *columns) of `table` whose `key` is one of `keys`, by chunks of `IN` lists."""
    rows: list[tuple] = []
    for chunk in _chunks(list(keys)):
        cursor.execute(
            f"SELECT {key}, {columns} FROM {table} WHERE {key} IN ({', '.join(['%s'] * len(chunk))}){where}", chunk
        )
        rows += cursor.fetchall()
    return rows


# `NOT (rna_id = '')` repeats the condition of the partial unique index on rna_id: without it
# neither SQLite nor PostgreSQL (past 100 values) uses the index, and each batch would scan the
# whole table.
_RNA_ID_INDEXED = " AND NOT (rna_id = '')"


@contextlib.contextmanager
def _bulk_import_settings(*, indexes_deferred: bool = False):
    """Tune the SQLite connection for the duration of a big import, then restore it.

    The page cache is enlarged, the WAL is checkpointed less often (then emptied at the end),
    and the full-text index merges less eagerly (see alliances.core.search.bulk_writing).
    `synchronous` stays at NORMAL (set in settings): in WAL
    mode NORMAL already skips the fsync of each commit (it syncs at checkpoints only), so OFF
    would gain little while risking a corrupt database on a power cut or system crash in the
    middle of an import; with NORMAL an interrupted import loses at most its last batches,
    which a re-run imports again.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA wal_autocheckpoint")
        previous_wal = cursor.fetchone()[0]
        cache_kib = _SQLITE_DEFERRED_IMPORT_CACHE_KIB if indexes_deferred else _SQLITE_IMPORT_CACHE_KIB
        cursor.execute(f"PRAGMA cache_size = -{cache_kib}")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {_SQLITE_IMPORT_WAL_PAGES}")
    try:
        with bulk_writing():
            yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(previous_wal)}")
            if not connection.in_atomic_block:
                # Copy the import's last pages into the database and empty the WAL file.
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _sql_literal(value) -> str:
    """A model default as an SQL literal (only the simple types of the organisation's defaults)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE") if connection.vendor == "postgresql" else str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"unexpected default {value!r}")


class _RawTable:
    """Raw statements for the rows an import writes into one model's table (built once).

    A national file has millions of lines: model instances and SQL compiled per row cost more
    than the database itself, so rows are plain tuples sent with `executemany`.
    """

    def __init__(self, model, columns: tuple[str, ...]):
        meta = model._meta
        quote = connection.ops.quote_name
        self.table = quote(meta.db_table)
        by_column = {f.column: f for f in meta.concrete_fields}
        # Columns not written by the import get their model default, written in the statement
        # itself (fewer parameters to bind per row).
        constant_columns = [c for c, f in by_column.items() if c not in columns and not f.primary_key]
        constants = [
            _sql_literal(by_column[c].get_db_prep_save(by_column[c].get_default(), connection))
            for c in constant_columns
        ]
        self.columns = columns
        self._row = "(" + ", ".join(["%s"] * len(columns) + constants) + ")"
        self._into = f"INSERT INTO {self.table} ({', '.join(quote(c) for c in [*columns, *constant_columns])})"
        self.insert = f"{self._into} VALUES {self._row}"

    def update(self, columns: tuple[str, ...]) -> str:
        assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
        return f"UPDATE {self.table} SET {assignments} WHERE id = %s"

    def insert_returning_ids(self, cursor, rows: list[tuple]) -> list[int]:
        """Insert the rows; return their ids, in order."""
        if not rows:
            return []
        if connection.vendor == "sqlite":
            # The transaction holds SQLite's only write lock: the rows of one executemany get
            # consecutive ids, the last one being last_insert_rowid().
            cursor.executemany(self.insert, rows)
            cursor.execute("SELECT last_insert_rowid()")
            last = cursor.fetchone()[0]
            return list(range(last - len(rows) + 1, last + 1))
        ids = []
        for chunk in _chunks(rows, 500):  # as bulk_create does: RETURNING gives the ids in order
            cursor.execute(
                f"{self._into} VALUES {', '.join([self._row] * len(chunk))} RETURNING id",
                [value for row in chunk for value in row],
            )
            ids += [row[0] for row in cursor.fetchall()]
        return ids


def _delete_links(cursor, organisation_ids: list[int]) -> None:
    """Delete the theme and SDG links of these organisations (one statement per table and chunk)."""
    quote = connection.ops.quote_name
    for chunk in _chunks(organisation_ids):
        in_list = ", ".join(["%s"] * len(chunk))
        for through in (Organisation.themes.through, Organisation.sdgs.through):
            cursor.execute(f"DELETE FROM {quote(through._meta.db_table)} WHERE organisation_id IN ({in_list})", chunk)


def _replace_links(cursor, links: list[tuple[int, list[int], list[int]]], replace: list[int]) -> None:
    """Theme and SDG links of organisations, (id, theme ids, SDG numbers); those of `replace` are
    deleted first (one executemany per table)."""
    themes, sdgs = Organisation.themes.through._meta, Organisation.sdgs.through._meta
    quote = connection.ops.quote_name
    themes_table, theme_column = quote(themes.db_table), quote(themes.get_field("theme").column)
    sdgs_table, sdg_column = quote(sdgs.db_table), quote(sdgs.get_field("sdg").column)
    _delete_links(cursor, replace)
    theme_links = [(pk, theme_id) for pk, theme_ids, _sdgs in links for theme_id in theme_ids]
    sdg_links = [(pk, number) for pk, _themes, sdgs in links for number in sdgs]
    for table, column, rows in ((themes_table, theme_column, theme_links), (sdgs_table, sdg_column, sdg_links)):
        if not rows:
            continue
        if connection.vendor == "sqlite":
            # One statement reading a JSON array: a third cheaper than an executemany of two
            # integers per row (binding and stepping one statement per link).
            cursor.execute(
                f"INSERT INTO {table} (organisation_id, {column}) SELECT value ->> 0, value ->> 1 FROM json_each(%s)",
                ["[" + ",".join([f"[{pk},{other}]" for pk, other in rows]) + "]"],
            )
        else:
            cursor.executemany(f"INSERT INTO {table} (organisation_id, {column}) VALUES (%s, %s)", rows)


class _TagTexts:
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


def _rna_category_tags(status: str, family_codes: tuple[str, ...]) -> list[str]:
    return organisation_tags(
        kind=_ASSOCIATION,
        status=status,
        is_ess=False,
        headcount_band="",
        territory_tags=(),
        sdgs=sdgs_for_themes(family_codes),
        theme_codes=family_codes,
    )


def _sirene_category_tags(kind: str, status: str, is_ess: bool, headcount_band: str, section: str | None) -> list[str]:
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


def _defers_indexes(source_bytes: int, line_bytes: int, *, choice: bool | None, dry_run: bool) -> bool:
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


def _run_or_simulate(run, *, dry_run: bool) -> None:
    """Run an import; a dry run is one transaction rolled back at the end, so that its counts are
    exactly those of a real run."""
    if not dry_run:
        run()
        return
    with transaction.atomic():
        run()
        transaction.set_rollback(True)


class _Batch(NamedTuple):
    """What the parsing process sends for each batch of lines (see RnaImporter)."""

    read: int  # lines read since the previous batch
    # ("reject" | "warn", line, identifier, reasons), in file order
    events: list[tuple[str, int, str, tuple[str, ...]]]
    # (rna_id, organisation values (RNA_COLUMNS, rna_id, source, created_at), prepared search document);
    # the writer finds the theme and SDG links from the values' social-object codes.
    rows: list[tuple]
    file: str = ""  # set on the first batch of each file: "name (layout, encoding)"
    file_name: str = ""
    # Search terms met for the first time in this batch (DocumentPreparer.new_terms)
    terms: tuple[str, ...] = ()


class RnaImporter:
    """Upsert RNA lines by `rna_id`, one transaction per batch.

    Two processes share the work (alliances.actors.parallel): a forked child reads the file and
    turns each line into the tuple of values to write, with its fingerprint, theme/SDG links and
    search terms (pure work, half of the cost); this process keeps the database: for each batch
    it fetches the organisations it already knows (by RNA id: the memory used does not grow
    with the file) and writes new, changed and unchanged rows, links and search documents with
    one `executemany` each.
    """

    def __init__(
        self,
        *,
        source: str,
        dry_run: bool = False,
        rejects_path: Path | None = None,
        batch_size: int = DEFAULT_BATCH,
        progress: Callable[[int], None] | None = None,
        index_search: bool = True,
        after_batch: Callable[[int], None] | None = None,
        defer_indexes: bool | None = None,
    ):
        self.source = source
        # Build the directory's list indexes after the last batch (None: decided by the file's size).
        self.defer_indexes = defer_indexes
        self.dry_run = dry_run
        self.batch_size = batch_size
        self.progress = progress
        self.index_search = index_search
        # Called after each committed batch with the number of batches so far (tests use it
        # to interrupt an import between two batches).
        self.after_batch = after_batch
        self.batches = 0
        self.summary = ImportSummary(kind="RNA", source=source, dry_run=dry_run)
        self.rejects = RejectsWriter(rejects_path or default_rejects_path("rna"))
        self.now = timezone.now()
        # CPU seconds and peak memory (MB) of the parsing process, for benchmarks.
        self.reader_stats: dict = {}
        self._tags_cache: dict[tuple[str, ...], tuple[list[int], list[int]]] = {}
        self._links_cache: dict[str, tuple[list[int], list[int]]] = {}

    def run(self) -> ImportSummary:
        restore_indexes()  # those of an import killed before its end
        family_ids = themes_ensure_builtin()
        self.theme_ids = dict(Theme.objects.values_list("code", "id"))
        self.theme_ids.update(family_ids)
        self.resolver = CommuneResolver.from_database()
        self._tag_texts = _TagTexts(self.resolver.tags_of, _rna_category_tags)
        self.sql = _RawTable(Organisation, (*RNA_COLUMNS, "rna_id", "source", "created_at"))
        self.update_sql = self.sql.update(RNA_COLUMNS)
        self.now_db = connection.ops.adapt_datetimefield_value(self.now)
        # Documents of known organisations rebuilt here (see _document); the new ones are prepared
        # in the parsing process.
        self._prepare = document_preparer()
        try:
            with local_copy(self.source) as path:
                self.path = str(path)
                defer = _defers_indexes(
                    uncompressed_size(path), _RNA_LINE_BYTES, choice=self.defer_indexes, dry_run=self.dry_run
                )
                with (
                    _bulk_import_settings(indexes_deferred=defer),
                    deferred_indexes(Organisation, DIRECTORY_INDEXES, defer=defer) as deferred,
                ):
                    _run_or_simulate(self._run_batches, dry_run=self.dry_run)
                self.summary.rebuilt_indexes = deferred
        except SourceError as error:
            raise ImportError_(str(error)) from error
        finally:
            self.rejects.close()
        self.summary.rejects_path = str(self.rejects.path) if self.rejects.used else ""
        ImportRun.objects.create(
            kind=ImportKind.RNA,
            source=self.source[:500],
            dry_run=self.dry_run,
            finished_at=timezone.now(),
            counts=self.summary.as_dict(),
            rejects_path=self.summary.rejects_path,
        )
        return self.summary

    # --- In this process: the database ----------------------------------------------------------

    def _run_batches(self) -> None:
        summary = self.summary
        with ProducedInChild(self._prepared_batches, max_pending=_MAX_PENDING) as batches:
            for batch in batches:
                if batch.file:
                    summary.files.append(batch.file)
                    self.file_name, self.file_label = batch.file_name, batch.file_name[:300]
                summary.read += batch.read
                for kind, line, identifier, reasons in batch.events:
                    if kind == "reject":
                        self._reject(line, identifier, reasons[0])
                    else:
                        self._warn_all(line, identifier, reasons)
                if batch.rows:
                    with transaction.atomic():
                        self._write(batch.rows, batch.terms)
                    self.batches += 1
                    if self.after_batch:
                        self.after_batch(self.batches)
                if self.progress:
                    self.progress(batch.read)
        self.reader_stats = batches.stats

    def _reject(self, line: int, identifier: str, reason: str) -> None:
        self.summary.rejected += 1
        self.summary.reasons[_generic_reason(reason)] += 1
        self.rejects.write(self.file_name, line, identifier, reason, "ligne ignorée")

    def _warn_all(self, line: int, identifier: str, reasons: tuple[str, ...]) -> None:
        self.summary.warnings += 1
        for reason in reasons:
            self.summary.reasons[_generic_reason(reason)] += 1
            self.rejects.write(self.file_name, line, identifier, reason, "importée")

    def _existing(self, cursor, rna_ids: list[str]) -> dict[str, tuple]:
        """{rna_id: (id, fingerprint, siret, siren, description, is_ess, headcount_band)} of known ids."""
        return {
            row[0]: row[1:]
            for row in _select_in(
                cursor,
                self.sql.table,
                "rna_id",
                "id, rna_fingerprint, siret, siren, description, is_ess, headcount_band",
                rna_ids,
                _RNA_ID_INDEXED,
            )
        }

    def _write(self, rows: list[tuple], terms: tuple[str, ...] = ()) -> None:
        now, table = self.now_db, self.sql.table
        to_create: list[tuple] = []
        created_documents: list = []
        to_update: list[tuple] = []
        updated_documents: list = []
        unchanged_ids: list[int] = []
        with connection.cursor() as cursor:
            existing = self._existing(cursor, [row[0] for row in rows])
            for rna_id, values, document in rows:
                current = existing.get(rna_id)
                if current is None:
                    to_create.append(values)
                    created_documents.append(document)
                    continue
                if current[1] == values[_FINGERPRINT]:
                    unchanged_ids.append(current[0])
                    continue
                if current[2] or current[3]:
                    # SIRENE owns the SIRET once it has been imported; the RNA only fills a blank one.
                    siret = current[2] or values[_SIRET]
                    values = (*values[:_SIRET], siret, current[3] or siret[:9], *values[_SIREN + 1 :])
                if self.index_search and (current[4] or current[5] or current[6] in EMPLOYER_BANDS):
                    document = self._document(values, current)
                to_update.append((*values[:_RNA_WIDTH], current[0]))
                updated_documents.append(document)
            created_ids = self.sql.insert_returning_ids(cursor, to_create)
            updated_ids = [row[-1] for row in to_update]
            cursor.executemany(self.update_sql, to_update)
            for chunk in _chunks(unchanged_ids):
                cursor.execute(
                    f"UPDATE {table} SET rna_imported_at = %s, rna_source = %s "
                    f"WHERE id IN ({', '.join(['%s'] * len(chunk))})",
                    [now, self.file_label, *chunk],
                )
            written = bool(created_ids or updated_ids)
            if written:
                self._write_links(
                    cursor,
                    created_ids,
                    updated_ids,
                    {values[_CODES] for values in to_create} | {values[_CODES] for values in to_update},
                )
        if self.index_search and written:
            write_documents(
                SEARCH_KIND,
                [*zip(created_ids, created_documents, strict=True), *zip(updated_ids, updated_documents, strict=True)],
                terms=[*terms, *self._prepare.new_terms()],
            )
        self.summary.created += len(to_create)
        self.summary.updated += len(to_update)
        self.summary.unchanged += len(unchanged_ids)

    def _write_links(self, cursor, created_ids: list[int], updated_ids: list[int], codes: set[str]) -> None:
        """Theme and SDG links of the organisations written, found by the database from their
        social-object codes (`rna_object_codes`) through two small tables of these codes' links
        (a few hundred combinations nationally): one `INSERT … SELECT` per table instead of a
        pair of values per link built here and sent as JSON (links: 7.3 µs per line of the
        national file before). Temporary tables, filled in the batch's transaction: a batch
        rolled back takes its rows with it."""
        org_table = self.sql.table
        _delete_links(cursor, updated_ids)
        links = (
            (Organisation.themes.through, "theme", "actors_rna_code_themes"),
            (Organisation.sdgs.through, "sdg", "actors_rna_code_sdgs"),
        )
        for index, (table, related, mapping) in enumerate(links):
            target = cast(models.ForeignKey, table._meta.get_field(related)).column
            cursor.execute(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {mapping} (codes varchar(20) NOT NULL, "
                f"{target} integer NOT NULL, PRIMARY KEY (codes, {target}))"
            )
            cursor.executemany(
                f"INSERT INTO {mapping} (codes, {target}) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                [(code, linked) for code in codes for linked in self._links(code)[index]],
            )
            insert = (
                f"INSERT INTO {connection.ops.quote_name(table._meta.db_table)} (organisation_id, {target}) "
                f"SELECT o.id, m.{target} FROM {org_table} o CROSS JOIN {mapping} m "
                f"WHERE m.codes = o.rna_object_codes AND "
            )
            if created_ids and connection.vendor == "sqlite":
                # Consecutive on SQLite (see _RawTable.insert_returning_ids): a range of rowids.
                cursor.execute(insert + "o.id BETWEEN %s AND %s", [created_ids[0], created_ids[-1]])
                ids = updated_ids
            else:
                ids = [*created_ids, *updated_ids]
            for chunk in _chunks(ids):
                cursor.execute(insert + f"o.id IN ({', '.join(['%s'] * len(chunk))})", chunk)

    def _links(self, codes: str) -> tuple[list[int], list[int]]:
        """(theme ids, SDG numbers) of the `rna_object_codes` written ("011000,017000")."""
        links = self._links_cache.get(codes)
        if links is None:
            links = self._links_cache[codes] = self._tags(tuple(filter(None, codes.split(","))))
        return links

    def _document(self, values: tuple, current: tuple):
        """The search document of a known organisation whose members (or SIRENE) added to it."""
        description, is_ess, headcount_band = current[4:7]
        codes = [*filter(None, values[_CODES].split(",")), "", ""]
        return self._prepare(
            organisation_entry(
                0,
                name=values[_NAME],
                short_name=values[_SHORT_NAME],
                register_object=values[_OBJECT],
                description=description,
                kind=OrganisationKind.ASSOCIATION,
                status=values[_STATUS],
                is_ess=bool(is_ess),
                headcount_band=headcount_band,
                territory_tags=self.resolver.tags_of.get(values[_COMMUNE], ()),
                sdgs=self._links(values[_CODES])[1],
                theme_codes=rna.object_codes(codes[0], codes[1])[1],
            )
        )

    # --- In the parsing process: pure work on the file's lines -----------------------------------

    def _prepared_batches(self) -> Iterator[_Batch]:
        with open_csv_files(self.path) as files:
            for csv_file in files:
                yield from self._prepare_file(csv_file)

    def _prepare_file(self, csv_file) -> Iterator[_Batch]:
        try:
            layout, parse = rna.row_parser(csv_file.header)
        except rna.RowError as error:
            raise ImportError_(f"{csv_file.name} : {error}") from error
        file_label = csv_file.name[:300]
        id_index = csv_file.header.index("id")
        by_code, resolve = self.resolver.by_code, self.resolver.resolve
        adapt_date = connection.ops.adapt_datefield_value
        index_search, now, prepare = self.index_search, self.now_db, document_preparer()
        read = 0
        events: list[tuple[str, int, str, tuple[str, ...]]] = []
        by_id: dict[str, tuple[int, tuple]] = {}
        first = {"file": f"{csv_file.name} ({layout}, {csv_file.encoding})", "file_name": csv_file.name}
        yield _Batch(0, [], [], **first)
        for line, values in csv_file.records:
            read += 1
            try:
                record = parse(values)
            except rna.RowError as error:
                events.append(
                    ("reject", line, values[id_index].strip() if len(values) > id_index else "", (str(error),))
                )
                continue
            commune_id = by_code.get(record.code_insee) if record.code_insee else None
            warnings = record.warnings
            if commune_id is None:
                # The "import" layout has no INSEE code: postal code and name.
                resolution = resolve(
                    code_insee=record.code_insee, postal_code=record.postal_code, name=record.commune_name
                )
                commune_id = resolution.commune_id
                if commune_id is None:
                    warnings = (*warnings, resolution.reason + " : importée sans commune")
            if warnings:
                events.append(("warn", line, record.rna_id, warnings))
            theme_ids, sdgs = self._tags(record.object_codes)
            position = record.position
            fingerprint = _fingerprint(
                (
                    record.rna_id,
                    record.name,
                    record.former_id,
                    record.siret,
                    record.short_name,
                    record.register_object,
                    record.object_codes,
                    record.address,
                    record.postal_code,
                    record.website,
                    position,
                    record.successor_id,
                    record.created_on,
                    record.dissolved_on,
                    commune_id,
                    theme_ids,
                    sdgs,
                )
            )
            status = _RNA_STATUS[position]
            organisation = (
                _ASSOCIATION,
                record.name,
                record.short_name,
                record.former_id,
                record.successor_id,
                record.siret,
                record.siret[:9],
                commune_id,
                record.address,
                record.postal_code,
                record.website,
                record.register_object,
                ",".join(record.object_codes),
                status,
                adapt_date(record.created_on),
                adapt_date(record.dissolved_on) if position in ("D", "S") else None,
                file_label,
                now,
                fingerprint,
                now,
                record.rna_id,
                _FROM_RNA,
                now,
            )
            if index_search:
                title, body = organisation_text(
                    name=record.name,
                    short_name=record.short_name,
                    register_object=record.register_object,
                    description="",
                )
                document = prepare(
                    IndexEntry(0, title, body), self._tag_texts(commune_id, (status, record.family_codes))
                )
            else:
                document = None
            previous = by_id.get(record.rna_id)
            if previous is not None:
                # A later line with the same id wins (the register lists an association once; a
                # repeated id is a data error worth reporting).
                events.append(
                    (
                        "reject",
                        previous[0],
                        record.rna_id,
                        (f"numéro RNA en double dans le fichier (ligne {line} retenue)",),
                    )
                )
            by_id[record.rna_id] = (line, (record.rna_id, organisation, document))
            if len(by_id) >= self.batch_size:
                yield _Batch(read, events, [row for _line, row in by_id.values()], terms=tuple(prepare.new_terms()))
                read, events, by_id = 0, [], {}
        yield _Batch(read, events, [row for _line, row in by_id.values()], terms=tuple(prepare.new_terms()))

    def _tags(self, object_codes: tuple[str, ...]) -> tuple[list[int], list[int]]:
        """(theme ids, SDG numbers) of social-object codes (a few hundred combinations)."""
        tags = self._tags_cache.get(object_codes)
        if tags is None:
            family_codes = rna.object_codes(*(*object_codes, "", "")[:2])[1]
            codes = [*family_codes, *object_codes]
            tags = (sorted({self.theme_ids[c] for c in codes if c in self.theme_ids}), sdgs_for_themes(family_codes))
            self._tags_cache[object_codes] = tags
        return tags


def rna_import(
    *,
    source: str,
    dry_run: bool = False,
    rejects_path: Path | None = None,
    batch_size: int = DEFAULT_BATCH,
    progress: Callable[[int], None] | None = None,
    index_search: bool = True,
    after_batch: Callable[[int], None] | None = None,
    defer_indexes: bool | None = None,
) -> ImportSummary:
    """Import an RNA file (waldec or import layout; CSV or zip; path or URL)."""
    return RnaImporter(
        source=source,
        dry_run=dry_run,
        rejects_path=rejects_path,
        batch_size=batch_size,
        progress=progress,
        index_search=index_search,
        after_batch=after_batch,
        defer_indexes=defer_indexes,
    ).run()


def rna_nomenclature_import(*, source: str) -> ImportSummary:
    """Load (or update) the detailed labels of the RNA social objects; idempotent."""
    from alliances.actors.enums import ThemeScheme
    from alliances.actors.importers import nomenclature

    summary = ImportSummary(kind="nomenclature RNA", source=source)
    families = themes_ensure_builtin()
    entries: dict[str, nomenclature.NomenclatureEntry] = {}
    try:
        with open_csv_files(source) as files:
            for csv_file in files:
                try:
                    nomenclature.check_header(csv_file.header)
                except rna.RowError as error:
                    raise ImportError_(f"{csv_file.name} : {error}") from error
                summary.files.append(csv_file.name)
                for line, row in csv_file.rows:
                    summary.read += 1
                    try:
                        entry = nomenclature.parse_row(row)
                    except rna.RowError as error:
                        summary.rejected += 1
                        summary.reasons[f"ligne {line} : {error}"] += 1
                        continue
                    entries[entry.code] = entry
    except SourceError as error:
        raise ImportError_(str(error)) from error
    with transaction.atomic():
        for code, entry in sorted(entries.items()):
            if entry.family_code not in families:
                family, _ = Theme.objects.get_or_create(
                    code=entry.family_code,
                    defaults={
                        "label": entry.label if code == entry.family_code else f"Famille {entry.family_code[:3]}",
                        "scheme": ThemeScheme.RNA,
                    },
                )
                families[entry.family_code] = family.pk
            is_family = code == entry.family_code
            defaults = {
                "label": entry.label,
                "scheme": ThemeScheme.RNA,
                "family_id": None if is_family else families[entry.family_code],
            }
            theme, created = Theme.objects.get_or_create(code=code, defaults=defaults)
            if created:
                summary.created += 1
            elif any(getattr(theme, k) != v for k, v in defaults.items()):
                Theme.objects.filter(pk=theme.pk).update(**defaults)
                summary.updated += 1
            else:
                summary.unchanged += 1
    ImportRun.objects.create(
        kind=ImportKind.RNA_NOMENCLATURE, source=source[:500], finished_at=timezone.now(), counts=summary.as_dict()
    )
    return summary


# --- SIRENE ---------------------------------------------------------------------------------

# Register columns the SIRENE import writes on every organisation it follows.
SIRENE_COLUMNS = (
    "siren",
    "siret",
    "naf_code",
    "headcount_band",
    "is_ess",
    "is_societe_a_mission",
    "legal_category",
    "sirene_source",
    "sirene_imported_at",
    "sirene_fingerprint",
    "updated_at",
)
# Identity columns SIRENE writes only for organisations that do not come from the RNA.
SIRENE_IDENTITY_COLUMNS = ("kind", "name", "short_name", "commune_id", "address", "postal_code", "status", "created_on")


def _positions(cls, *names: str) -> tuple[int, ...]:
    return tuple(cls._fields.index(name) for name in names)


# Legal units cross between the processes as plain tuples of their fields (a NamedTuple is
# rebuilt through its class at every unpickling): position of the one read.
(_UNIT_RNA_ID_AT,) = _positions(sirene.LegalUnit, "rna_id")
# An establishment crosses as its row and the fields the row lacks (see _SireneBatch).
_SENT_FIELDS = ("siren", "siret", "commune_code", "is_active", "is_employer")
_SIREN_AT, _SIRET_AT, _ACTIVE_AT = (_SENT_FIELDS.index(name) for name in ("siren", "siret", "is_active"))
# Positions of the raw values the import looks at before parsing (in sirene.ETABLISSEMENT_READ).
_RAW_SIREN, _RAW_SIRET, _RAW_COMMUNE, _RAW_STATE, _RAW_BAND, _RAW_EMPLOYER = (
    sirene.ETABLISSEMENT_READ.index(name)
    for name in (
        "siren",
        "siret",
        "codecommuneetablissement",
        "etatadministratifetablissement",
        "trancheeffectifsetablissement",
        "caractereemployeuretablissement",
    )
)
ESTABLISHMENT_COLUMNS = (
    "organisation_id",
    "name",
    "is_head_office",
    "commune_id",
    "address",
    "postal_code",
    "naf_code",
    "headcount_band",
    "status",
    "created_on",
    "sirene_imported_at",
    "sirene_fingerprint",
)


class _SireneBatch(NamedTuple):
    """What the parsing process sends for each batch of establishments (see SireneImporter)."""

    file_name: str
    read: int  # lines read since the previous batch
    rejects: list[tuple[int, str, str]]  # (line, siret, reason)
    # (the Establishment's _SENT_FIELDS, its row for ESTABLISHMENT_COLUMNS without the
    # organisation id, fingerprint last), in file order: together, the whole establishment (see
    # _establishment_received), each value once — batches are pickled without memo
    # (parallel.dumps_unshared), a value sent twice would be written and read twice.
    establishments: list[tuple[tuple, tuple]]
    # {siren: LegalUnit's fields as a tuple, or None} of the SIRENs _write may have to compute
    # again (those with a closed establishment in the batch) and of the units with an RNA id:
    # not the others (pickled and unpickled for nothing: 1 µs per line in each process).
    units: dict[str, tuple | None]
    # {siren: (values, identity, NAF section, fingerprint, prepared search document)}
    plans: dict[str, tuple]
    terms: tuple[str, ...]  # search terms met for the first time (DocumentPreparer.new_terms)


def _establishment_received(values: tuple, row: tuple) -> sirene.Establishment:
    """An establishment as _prepared_batch sends it: its _SENT_FIELDS and its row."""
    siren, siret, commune_code, is_active, is_employer = values
    name, is_head_office, _commune_id, address, postal_code, naf_code, headcount_band, _status, created_on = row[:9]
    if isinstance(created_on, str):  # as SQLite takes it (ISO text); a date for PostgreSQL
        created_on = datetime.date.fromisoformat(created_on)
    return sirene.Establishment(
        siren,
        siret,
        commune_code,
        postal_code,
        address,
        name,
        naf_code,
        headcount_band,
        is_head_office,
        is_active,
        is_employer,
        created_on,
    )


class SireneImporter:
    """Upsert SIRENE establishments (by SIRET) and their organisation (by SIREN, or by RNA id)."""

    def __init__(
        self,
        *,
        etablissements: str,
        unites_legales: str | None = None,
        departements: list[str] | None = None,
        employers_only: bool = False,
        dry_run: bool = False,
        rejects_path: Path | None = None,
        batch_size: int = DEFAULT_BATCH,
        progress: Callable[[int], None] | None = None,
        index_search: bool = True,
        defer_indexes: bool | None = None,
    ):
        self.etablissements = etablissements
        # As for the RNA; None: decided by the file's size, and never for some départements only.
        self.defer_indexes = defer_indexes
        self.unites_legales = unites_legales
        self.departements = {d.strip().upper() for d in departements or []}
        self.employers_only = employers_only
        self.index_search = index_search
        self.dry_run = dry_run
        self.batch_size = batch_size
        self.progress = progress
        self.summary = ImportSummary(kind="SIRENE", source=etablissements, dry_run=dry_run)
        self.rejects = RejectsWriter(rejects_path or default_rejects_path("sirene"))
        self.now = timezone.now()
        self.legal_units: dict = {}
        # CPU seconds and peak memory (MB) of the parsing process, for benchmarks.
        self.reader_stats: dict = {}
        self.file_name = ""
        self._units_stack: contextlib.ExitStack | None = None
        self._unit_stream: Iterator[tuple[str, tuple[str, ...]]] | None = None
        self._next_unit: tuple[str, tuple[str, ...]] | None = None
        self._units_window: dict = {}
        self._units_floor = ""

    def run(self) -> ImportSummary:
        from alliances.actors.models import Establishment

        restore_indexes()  # those of an import killed before its end
        self.theme_ids = themes_ensure_builtin()
        self.resolver = CommuneResolver.from_database()
        self._tag_texts = _TagTexts(self.resolver.tags_of, _sirene_category_tags)
        self.now_db = connection.ops.adapt_datetimefield_value(self.now)
        # Once: `connection` is a proxy looked up per thread at each use (2 µs per organisation).
        self._adapt_date = connection.ops.adapt_datefield_value
        self.org_sql = _RawTable(Organisation, (*SIRENE_COLUMNS, *SIRENE_IDENTITY_COLUMNS, "source", "created_at"))
        self.org_update_sql = self.org_sql.update(SIRENE_COLUMNS)
        self.org_update_identity_sql = self.org_sql.update((*SIRENE_COLUMNS, *SIRENE_IDENTITY_COLUMNS))
        self.establishment_sql = _RawTable(Establishment, (*ESTABLISHMENT_COLUMNS, "siret"))
        self.establishment_update_sql = self.establishment_sql.update(ESTABLISHMENT_COLUMNS)
        self._prepare = document_preparer()
        try:
            if self.unites_legales and self.departements:
                self.legal_units = self._read_legal_units(self.unites_legales, self._kept_sirens())
            elif self.unites_legales:
                # The whole stock: its legal units would not fit in memory. INSEE's two files
                # are sorted by SIREN, so they are read side by side (a merge join).
                self._units_stack = contextlib.ExitStack()
                self._unit_stream = self._stream_legal_units(self.unites_legales, self._units_stack)
            # Filtered by département, the national stock keeps a few lines: its size says nothing.
            defer = _defers_indexes(
                0 if self.departements else uncompressed_size(self.etablissements),
                _SIRENE_LINE_BYTES,
                choice=self.defer_indexes,
                dry_run=self.dry_run,
            )
            with (
                _bulk_import_settings(indexes_deferred=defer),
                deferred_indexes(Organisation, DIRECTORY_INDEXES, defer=defer) as deferred,
            ):
                _run_or_simulate(self._run_establishments, dry_run=self.dry_run)
            self.summary.rebuilt_indexes = deferred
        except SourceError as error:
            raise ImportError_(str(error)) from error
        finally:
            self.rejects.close()
            if self._units_stack is not None:
                self._units_stack.close()
        self.summary.rejects_path = str(self.rejects.path) if self.rejects.used else ""
        ImportRun.objects.create(
            kind=ImportKind.SIRENE,
            source=self.etablissements[:500],
            dry_run=self.dry_run,
            finished_at=timezone.now(),
            counts=self.summary.as_dict(),
            rejects_path=self.summary.rejects_path,
        )
        return self.summary

    def _establishment_fields(self) -> Iterator[tuple[int, tuple[str, ...], int]]:
        """(line, values of sirene.ETABLISSEMENT_READ, field count if wrong) of each line."""
        with open_csv_files(self.etablissements) as files:
            for csv_file in files:
                try:
                    sirene.check_header(csv_file.header, sirene.ETABLISSEMENT_COLUMNS, "StockEtablissement")
                except rna.RowError as error:
                    raise ImportError_(f"{csv_file.name} : {error}") from error
                self.file_name = csv_file.name
                yield from csv_file.fields_of(sirene.ETABLISSEMENT_READ)

    def _wanted(self, fields: tuple[str, ...]) -> bool:
        """Cheap filter on raw values before parsing (most national lines are skipped here)."""
        if self.departements and sirene.departement_of(fields[_RAW_COMMUNE]) not in self.departements:
            return False
        # A closed establishment is kept here; `_write` drops it unless it is already known
        # (a newer file closes it), checked per batch so that memory does not grow with the table.
        if self.employers_only:
            employer = fields[_RAW_EMPLOYER]
            if employer == "N" or (not employer and fields[_RAW_BAND] in sirene.NON_EMPLOYER_BANDS):
                return False
        return True

    def _kept_sirens(self) -> set[str]:
        return {fields[_RAW_SIREN] for _, fields, _ in self._establishment_fields() if self._wanted(fields)}

    def _read_legal_units(self, path: str, sirens: set[str]) -> dict:
        units = {}
        with open_csv_files(path) as files:
            for csv_file in files:
                try:
                    sirene.check_header(csv_file.header, sirene.UNITE_LEGALE_COLUMNS, "StockUniteLegale")
                except rna.RowError as error:
                    raise ImportError_(f"{csv_file.name} : {error}") from error
                for _, fields, _ in csv_file.fields_of(sirene.UNITE_LEGALE_READ):
                    if fields[0] in sirens:
                        unit = sirene.legal_unit_of(fields)
                        units[unit.siren] = unit
        return units

    def _stream_legal_units(self, path: str, stack: contextlib.ExitStack) -> Iterator[tuple[str, tuple[str, ...]]]:
        """(SIREN, values of sirene.UNITE_LEGALE_READ) of each legal unit, in the file's order:
        parsed by _units_for only when an establishment of the batch wants it."""
        files = stack.enter_context(open_csv_files(path))
        previous = ""
        for csv_file in files:
            try:
                sirene.check_header(csv_file.header, sirene.UNITE_LEGALE_COLUMNS, "StockUniteLegale")
            except rna.RowError as error:
                raise ImportError_(f"{csv_file.name} : {error}") from error
            for _, fields, _ in csv_file.fields_of(sirene.UNITE_LEGALE_READ):
                siren = fields[0].strip()  # LegalUnit.siren
                if siren < previous:
                    raise ImportError_(
                        f"{csv_file.name} n'est pas trié par SIREN ({siren} après {previous}) : "
                        "importez par département (--departement)"
                    )
                previous = siren
                yield siren, fields

    def _units_for(self, sirens: set[str]) -> dict:
        """The legal units of a batch's SIRENs: from memory, or by advancing the sorted stream."""
        if self._unit_stream is None:
            return {s: self.legal_units.get(s) for s in sirens}
        low, top = min(sirens), max(sirens)
        if low < self._units_floor:
            raise ImportError_(
                f"le fichier des établissements n'est pas trié par SIREN ({low} après "
                f"{self._units_floor}) : importez par département (--departement)"
            )
        window, stream, parse = self._units_window, self._unit_stream, sirene.legal_unit_of
        # The first unit after the previous batch's last SIREN (None: not read yet, or the end).
        pending = self._next_unit or next(stream, None)
        while pending is not None and pending[0] <= top:
            siren, fields = pending
            if siren in sirens:
                window[siren] = parse(fields)
            pending = next(stream, None)
        self._next_unit = pending
        units = {s: window.get(s) for s in sirens}
        # The establishments of the last SIREN may go on in the next batch: keep its unit.
        self._units_window = {top: window[top]} if top in window else {}
        self._units_floor = top
        return units

    def _run_establishments(self) -> None:
        # The file is read, filtered, parsed and joined with its legal units in a second
        # process, which also computes each organisation's values, fingerprint and search
        # document (see RnaImporter); this one writes, one transaction per batch.
        with ProducedInChild(self._prepared_batches, max_pending=_MAX_PENDING) as batches:
            for batch in batches:
                self.file_name = batch.file_name
                self.summary.read += batch.read
                for line, siret, reason in batch.rejects:
                    self.summary.rejected += 1
                    self.summary.reasons[_generic_reason(reason)] += 1
                    self.rejects.write(batch.file_name, line, siret, reason, "ligne ignorée")
                if batch.establishments:
                    with transaction.atomic():
                        self._write(batch)
                if self.progress:
                    self.progress(batch.read)
        self.reader_stats = batches.stats

    # --- In the parsing process ----------------------------------------------------------------

    def _prepared_batches(self) -> Iterator[_SireneBatch]:
        """One _SireneBatch per `batch_size` establishments kept; runs in the parsing process."""
        batch, rejects, read = [], [], 0
        wanted = self._wanted if self.departements or self.employers_only else None
        parse = sirene.establishment_of
        for line, fields, wrong_width in self._establishment_fields():
            read += 1
            if wanted is not None and not wanted(fields):
                continue
            try:
                batch.append(parse(fields, wrong_width))
            except rna.RowError as error:
                if fields[_RAW_STATE] != "A":
                    continue  # a closed establishment is only followed once known: never an invalid one
                rejects.append((line, fields[_RAW_SIRET], str(error)))
            if len(batch) >= self.batch_size:
                yield self._prepared_batch(read, rejects, batch)
                batch, rejects, read = [], [], 0
        yield self._prepared_batch(read, rejects, batch)

    def _prepared_batch(self, read: int, rejects: list, batch: list) -> _SireneBatch:
        units = self._units_for({e.siren for e in batch}) if batch else {}
        adapt_date, now, commune_of = self._adapt_date, self.now_db, self.resolver.by_code.get
        active, closed = OrganisationStatus.ACTIVE.value, OrganisationStatus.CLOSED.value
        establishments = []
        by_siren: dict[str, list[sirene.Establishment]] = {}
        with_closed: set[str] = set()
        for e in batch:
            establishments.append(
                (
                    (e.siren, e.siret, e.commune_code, e.is_active, e.is_employer),
                    (
                        e.name,
                        e.is_head_office,
                        commune_of(e.commune_code),
                        e.address,
                        e.postal_code,
                        e.naf_code,
                        e.headcount_band,
                        active if e.is_active else closed,
                        adapt_date(e.created_on),
                        now,
                        _fingerprint(e),
                    ),
                )
            )
            if e.is_active:
                by_siren.setdefault(e.siren, []).append(e)
            else:
                with_closed.add(e.siren)
        # Organisations as their active establishments make them: what _write finds unless a
        # closed establishment of the batch is already known (it then recomputes them).
        plans = {}
        for siren, kept in by_siren.items():
            plan = self._organisation_plan(siren, units[siren], kept)
            plans[siren] = (*plan, self._plan_document(*plan[:3]) if self.index_search else None)
        return _SireneBatch(
            file_name=self.file_name,
            read=read,
            rejects=rejects,
            establishments=establishments,
            units={
                siren: unit and tuple(unit)
                for siren, unit in units.items()
                if siren in with_closed or (unit is not None and unit.rna_id)
            },
            plans=plans,
            terms=tuple(self._prepare.new_terms()),
        )

    # --- In either process: pure work ------------------------------------------------------------

    def _organisation_plan(self, siren: str, unit, establishments: list) -> tuple:
        """(values, identity, NAF section, fingerprint) of the organisation of a SIREN, from its
        legal unit (or None) and its establishments in the batch, in file order."""
        head = None
        for e in reversed(establishments):  # the last head office
            if e.is_head_office:
                head = e
                break
        source = head or establishments[0]
        if unit is None:
            naf, legal_category, is_ess = source.naf_code, "", False
            values = (siren, head.siret if head else "", naf, source.headcount_band, False, False, "")
            name, short_name, active = source.name, "", source.is_active
        else:
            naf, legal_category, is_ess = unit.naf_code or source.naf_code, unit.legal_category, unit.is_ess
            values = (
                siren,
                siren + unit.head_office_nic if unit.head_office_nic else (head.siret if head else ""),
                naf,
                unit.headcount_band or source.headcount_band,
                is_ess,
                unit.is_societe_a_mission,
                legal_category,
            )
            name, short_name, active = unit.name or source.name, unit.short_name, unit.is_active
        kind = sirene.kind_of(legal_category, is_ess)
        status = OrganisationStatus.ACTIVE if active else OrganisationStatus.CLOSED
        section = naf_section(naf)
        identity = (
            kind,
            name or f"Établissement {source.siret}",
            short_name,
            self.resolver.by_code.get(source.commune_code),
            source.address,
            source.postal_code,
            status,
            source.created_on,
        )
        # Enum members in the fingerprint (as it has always been computed), their values in the row.
        fingerprint = _fingerprint((*values, *identity, section))
        return (
            values,
            (kind.value, *identity[1:6], status.value, self._adapt_date(source.created_on)),
            section,
            fingerprint,
        )

    def _plan_document(self, values: tuple, identity: tuple, section: str | None):
        """The search document of an organisation SIRENE creates, from its plan."""
        title, body = organisation_text(name=identity[1], short_name=identity[2], register_object="", description="")
        return self._prepare(
            IndexEntry(0, title, body),
            self._tag_texts(identity[3], (identity[0], identity[6], values[4], values[3], section)),
        )

    # --- In this process: the database ----------------------------------------------------------

    def _write(self, batch: _SireneBatch) -> None:
        from alliances.actors.indexing import organisations_reindex_ids

        establishments, plans = batch.establishments, batch.plans
        with connection.cursor() as cursor:
            closed = [values[_SIRET_AT] for values, _row in establishments if not values[_ACTIVE_AT]]
            recompute: set[str] = set()
            if closed:  # closed establishments are followed only when already known
                known_sirets = {
                    found[0] for found in _select_in(cursor, self.establishment_sql.table, "siret", "id", closed)
                }
                establishments = [
                    (values, row)
                    for values, row in establishments
                    if values[_ACTIVE_AT] or values[_SIRET_AT] in known_sirets
                ]
                if not establishments:
                    return
                # The organisations of a known closed establishment: their plan counted only the
                # active ones.
                recompute = {values[_SIREN_AT] for values, _row in establishments if not values[_ACTIVE_AT]}
            sirens = list(dict.fromkeys(values[_SIREN_AT] for values, _row in establishments))
            units = batch.units
            rna_ids = {unit[_UNIT_RNA_ID_AT]: s for s, unit in units.items() if unit and unit[_UNIT_RNA_ID_AT]}
            # {siren: (id, rna_id, sirene_fingerprint)} of the organisations already known.
            orgs: dict[str, Sequence[Any]] = {
                siren: found
                for siren, *found in _select_in(
                    cursor, self.org_sql.table, "siren", "id, rna_id, sirene_fingerprint", sirens
                )
            }
            for rna_id, siren, *found in _select_in(
                cursor, self.org_sql.table, "rna_id", "siren, id, rna_id, sirene_fingerprint", rna_ids, _RNA_ID_INDEXED
            ):
                if siren not in orgs:
                    orgs[rna_ids[rna_id]] = found  # an RNA association meets its SIRENE record
        now = self.now_db
        to_create: list[tuple] = []
        create_sections: list[tuple[str, str | None]] = []
        created_documents: list = []
        to_update: list[tuple] = []
        to_update_identity: list[tuple] = []
        # (organisation id, NAF section) of the organisations whose themes follow SIRENE
        retagged: list[tuple[int, str]] = []
        for siren in sirens:
            plan = None if siren in recompute else plans.get(siren)
            if plan is None:
                fields = units[siren]
                unit = fields and sirene.LegalUnit(*fields)
                plan = (
                    *self._organisation_plan(
                        siren,
                        unit,
                        [
                            _establishment_received(values, row)
                            for values, row in establishments
                            if values[_SIREN_AT] == siren
                        ],
                    ),
                    None,
                )
            values, identity, section, fingerprint, document = plan
            known = orgs.get(siren)
            if known is not None and known[2] == fingerprint:
                continue
            row = (*values, self.file_name[:300], now, fingerprint, now)
            if known is None:
                to_create.append((*row, *identity, Source.SIRENE.value, now))
                create_sections.append((siren, section))
                if self.index_search:
                    created_documents.append(document or self._plan_document(values, identity, section))
            elif known[1]:  # from the RNA: SIRENE leaves its identity and themes alone
                to_update.append((*row, known[0]))
            else:
                to_update_identity.append((*row, *identity, known[0]))
                if section:
                    retagged.append((known[0], section))
        with connection.cursor() as cursor:
            created = self.org_sql.insert_returning_ids(cursor, to_create)
            self.summary.organisations_created += len(created)
            for (siren, section), pk in zip(create_sections, created, strict=True):
                orgs[siren] = (pk, "", "")
                if section:
                    retagged.append((pk, section))
            if self.index_search:
                # New organisations: their documents from their plan (updated ones are read back
                # below: members or the RNA may have added to them).
                write_documents(
                    SEARCH_KIND,
                    list(zip(created, created_documents, strict=True)),
                    terms=[*batch.terms, *self._prepare.new_terms()],
                )
            cursor.executemany(self.org_update_sql, to_update)
            cursor.executemany(self.org_update_identity_sql, to_update_identity)
            # Theme and SDGs of the NAF section, for organisations that do not come from the RNA
            # (whose themes are the RNA's).
            _replace_links(
                cursor,
                [
                    (pk, [self.theme_ids[naf_theme_code(section)]], sdgs_for_themes([naf_theme_code(section)]))
                    for pk, section in retagged
                ],
                replace=[row[-1] for row in to_update_identity],
            )
            changed_ids = [*(row[-1] for row in to_update), *(row[-1] for row in to_update_identity)]

            existing = {
                siret: (pk, fp)
                for siret, pk, fp in _select_in(
                    cursor,
                    self.establishment_sql.table,
                    "siret",
                    "id, sirene_fingerprint",
                    [values[_SIRET_AT] for values, _row in establishments],
                )
            }
            new, updated = [], []
            for values, row in establishments:
                siret = values[_SIRET_AT]
                current = existing.get(siret)
                if current is not None and current[1] == row[-1]:
                    self.summary.unchanged += 1
                    continue
                if current is None:
                    new.append((orgs[values[_SIREN_AT]][0], *row, siret))
                else:
                    updated.append((orgs[values[_SIREN_AT]][0], *row, current[0]))
            cursor.executemany(self.establishment_sql.insert, new)
            cursor.executemany(self.establishment_update_sql, updated)
        self.summary.created += len(new)
        self.summary.updated += len(updated)
        self.summary.files = [self.file_name]
        if self.index_search:
            organisations_reindex_ids(changed_ids)


def sirene_import(**kwargs) -> ImportSummary:
    """Import SIRENE establishments (and legal units) for some départements; see SireneImporter."""
    return SireneImporter(**kwargs).run()
