"""Import the RNA (associations): one line parsed in the parsing process, written here by batch."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple, cast

from django.db import connection, models, transaction
from django.utils import timezone

from alliances.actors.communes import CommuneResolver
from alliances.actors.enums import EMPLOYER_BANDS, ImportKind, OrganisationKind, OrganisationStatus, Source
from alliances.actors.importers import rna
from alliances.actors.importers.sources import SourceError, local_copy, open_csv_files, uncompressed_size
from alliances.actors.imports.common import (
    DEFAULT_BATCH,
    MAX_PENDING,
    RNA_LINE_BYTES,
    ImportAbortedError,
    ImportSummary,
    RejectsWriter,
    TagTexts,
    default_rejects_path,
    defers_indexes,
    fingerprint_of,
    generic_reason,
    reject_line,
    rna_category_tags,
    run_loading,
    run_recorded,
)
from alliances.actors.imports.sql import RNA_ID_INDEXED, RawTable, chunks, delete_links, select_in
from alliances.actors.indexing import SEARCH_KIND, organisation_entry, organisation_text
from alliances.actors.models import Organisation, Theme
from alliances.actors.parallel import ProducedInChild
from alliances.actors.sdg_mapping import sdgs_for_themes
from alliances.actors.services import themes_ensure_builtin
from alliances.core.csvfiles import UnreadableLine
from alliances.core.deferred_indexes import restore_indexes
from alliances.core.search import IndexEntry, document_preparer, write_documents

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
# Temporary tables of the links of social-object codes (see RnaImporter._write_links).
_CODE_LINK_TABLES = ("actors_rna_code_themes", "actors_rna_code_sdgs")


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
        self._tag_texts = TagTexts(self.resolver.tags_of, rna_category_tags)
        self.sql = RawTable(Organisation, (*RNA_COLUMNS, "rna_id", "source", "created_at"))
        self.update_sql = self.sql.update(RNA_COLUMNS)
        self.now_db = connection.ops.adapt_datetimefield_value(self.now)
        # Documents of known organisations rebuilt here (see _document); the new ones are prepared
        # in the parsing process.
        self._prepare = document_preparer()
        try:
            with local_copy(self.source) as path:
                self.path = str(path)
                defer = defers_indexes(
                    uncompressed_size(path), RNA_LINE_BYTES, choice=self.defer_indexes, dry_run=self.dry_run
                )
                self.summary.rebuilt_indexes = run_loading(self._run_batches, defer=defer, dry_run=self.dry_run)
        except SourceError as error:
            raise ImportAbortedError(str(error)) from error
        finally:
            self.rejects.close()
        return run_recorded(ImportKind.RNA, self.source, self.summary, self.rejects)

    # --- In this process: the database ----------------------------------------------------------

    def _run_batches(self) -> None:
        summary = self.summary
        self._drop_code_links()
        with ProducedInChild(self._prepared_batches, max_pending=MAX_PENDING) as batches:
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
        reject_line(self.summary, self.rejects, self.file_name, line, identifier, reason)

    def _warn_all(self, line: int, identifier: str, reasons: tuple[str, ...]) -> None:
        self.summary.warnings += 1
        for reason in reasons:
            self.summary.reasons[generic_reason(reason)] += 1
            self.rejects.write(self.file_name, line, identifier, reason, "importée")

    def _existing(self, cursor, rna_ids: list[str]) -> dict[str, tuple]:
        """{rna_id: (id, fingerprint, siret, siren, description, is_ess, headcount_band)} of known ids."""
        return {
            row[0]: row[1:]
            for row in select_in(
                cursor,
                self.sql.table,
                "rna_id",
                "id, rna_fingerprint, siret, siren, description, is_ess, headcount_band",
                rna_ids,
                RNA_ID_INDEXED,
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
            for chunk in chunks(unchanged_ids):
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

    def _drop_code_links(self) -> None:
        """Drop the codes' link tables an earlier import left on this connection (temporary
        tables last as long as the connection): their theme ids are those of that import's
        database. Themes deleted since then (a flushed test database, themes created again)
        made the links of this import point to missing rows, and its first batch failed its
        commit on a foreign key."""
        schema = "temp" if connection.vendor == "sqlite" else "pg_temp"
        with connection.cursor() as cursor:
            for mapping in _CODE_LINK_TABLES:
                cursor.execute(f"DROP TABLE IF EXISTS {schema}.{mapping}")

    def _write_links(self, cursor, created_ids: list[int], updated_ids: list[int], codes: set[str]) -> None:
        """Theme and SDG links of the organisations written, found by the database from their
        social-object codes (`rna_object_codes`) through two small tables of these codes' links
        (a few hundred combinations nationally): one `INSERT … SELECT` per table instead of a
        pair of values per link built here and sent as JSON (links: 7.3 µs per line of the
        national file before). Temporary tables, filled in the batch's transaction: a batch
        rolled back takes its rows with it; dropped when an import starts (_drop_code_links),
        they hold the links of this import's codes only, as `_links` found them."""
        org_table = self.sql.table
        delete_links(cursor, updated_ids)
        links = (
            (Organisation.themes.through, "theme", _CODE_LINK_TABLES[0]),
            (Organisation.sdgs.through, "sdg", _CODE_LINK_TABLES[1]),
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
                # Consecutive on SQLite (see RawTable.insert_returning_ids): a range of rowids.
                cursor.execute(insert + "o.id BETWEEN %s AND %s", [created_ids[0], created_ids[-1]])
                ids = updated_ids
            else:
                ids = [*created_ids, *updated_ids]
            for chunk in chunks(ids):
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
            raise ImportAbortedError(f"{csv_file.name} : {error}") from error
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
                # A line the reader refused (alliances.core.csvfiles) has no values: its own reason.
                reason = values.reason if isinstance(values, UnreadableLine) else str(error)
                events.append(("reject", line, values[id_index].strip() if len(values) > id_index else "", (reason,)))
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
            fingerprint = fingerprint_of(
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
