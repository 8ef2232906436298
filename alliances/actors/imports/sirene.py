"""Import SIRENE (establishments and their legal units) into the directory."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from alliances.actors.communes import CommuneResolver
from alliances.actors.enums import ImportKind, OrganisationStatus, Source
from alliances.actors.importers import rna, sirene
from alliances.actors.importers.sources import SourceError, open_csv_files, uncompressed_size
from alliances.actors.imports.common import (
    DEFAULT_BATCH,
    MAX_PENDING,
    SIRENE_LINE_BYTES,
    ImportAbortedError,
    ImportSummary,
    RejectsWriter,
    TagTexts,
    default_rejects_path,
    defers_indexes,
    fingerprint_of,
    reject_line,
    run_loading,
    run_recorded,
    sirene_category_tags,
)
from alliances.actors.imports.sql import RNA_ID_INDEXED, RawTable, replace_links, select_in
from alliances.actors.indexing import SEARCH_KIND, organisation_text
from alliances.actors.models import Organisation
from alliances.actors.parallel import ProducedInChild
from alliances.actors.sdg_mapping import sdgs_for_themes
from alliances.actors.services import themes_ensure_builtin
from alliances.actors.themes import naf_section, naf_theme_code
from alliances.core.csvfiles import CsvFile
from alliances.core.deferred_indexes import restore_indexes
from alliances.core.search import IndexEntry, document_preparer, write_documents

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
    # (file, line, siret, reason); the legal units' lines the reader refused too
    rejects: list[tuple[str, int, str, str]]
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
        # Lines of the legal units' file the reader refused, sent with the next batch.
        self._unit_rejects: list[tuple[str, int, str, str]] = []

    def run(self) -> ImportSummary:
        from alliances.actors.models import Establishment

        restore_indexes()  # those of an import killed before its end
        self.theme_ids = themes_ensure_builtin()
        self.resolver = CommuneResolver.from_database()
        self._tag_texts = TagTexts(self.resolver.tags_of, sirene_category_tags)
        self.now_db = connection.ops.adapt_datetimefield_value(self.now)
        # Once: `connection` is a proxy looked up per thread at each use (2 µs per organisation).
        self._adapt_date = connection.ops.adapt_datefield_value
        self.org_sql = RawTable(Organisation, (*SIRENE_COLUMNS, *SIRENE_IDENTITY_COLUMNS, "source", "created_at"))
        self.org_update_sql = self.org_sql.update(SIRENE_COLUMNS)
        self.org_update_identity_sql = self.org_sql.update((*SIRENE_COLUMNS, *SIRENE_IDENTITY_COLUMNS))
        self.establishment_sql = RawTable(Establishment, (*ESTABLISHMENT_COLUMNS, "siret"))
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
            defer = defers_indexes(
                0 if self.departements else uncompressed_size(self.etablissements),
                SIRENE_LINE_BYTES,
                choice=self.defer_indexes,
                dry_run=self.dry_run,
            )
            self.summary.rebuilt_indexes = run_loading(self._run_establishments, defer=defer, dry_run=self.dry_run)
        except SourceError as error:
            raise ImportAbortedError(str(error)) from error
        finally:
            self.rejects.close()
            if self._units_stack is not None:
                self._units_stack.close()
        return run_recorded(ImportKind.SIRENE, self.etablissements, self.summary, self.rejects)

    @staticmethod
    def _checked(files: Iterator[CsvFile], columns: tuple[str, ...], label: str) -> Iterator[CsvFile]:
        """The files, each once its header has the columns the import needs."""
        for csv_file in files:
            try:
                sirene.check_header(csv_file.header, columns, label)
            except rna.RowError as error:
                raise ImportAbortedError(f"{csv_file.name} : {error}") from error
            yield csv_file

    def _establishment_fields(self) -> Iterator[tuple[int, tuple[str, ...], int | str]]:
        """(line, values of sirene.ETABLISSEMENT_READ, problem: see CsvFile.fields_of) of each line."""
        with open_csv_files(self.etablissements) as files:
            for csv_file in self._checked(files, sirene.ETABLISSEMENT_COLUMNS, "StockEtablissement"):
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
            for csv_file in self._checked(files, sirene.UNITE_LEGALE_COLUMNS, "StockUniteLegale"):
                for line, fields, problem in csv_file.fields_of(sirene.UNITE_LEGALE_READ):
                    if fields[0] in sirens:
                        unit = sirene.legal_unit_of(fields)
                        units[unit.siren] = unit
                    elif isinstance(problem, str):  # a line the reader refused
                        reject_line(self.summary, self.rejects, csv_file.name, line, "", problem)
        return units

    def _stream_legal_units(self, path: str, stack: contextlib.ExitStack) -> Iterator[tuple[str, tuple[str, ...]]]:
        """(SIREN, values of sirene.UNITE_LEGALE_READ) of each legal unit, in the file's order:
        parsed by _units_for only when an establishment of the batch wants it."""
        files = stack.enter_context(open_csv_files(path))
        previous = ""
        for csv_file in self._checked(files, sirene.UNITE_LEGALE_COLUMNS, "StockUniteLegale"):
            for line, fields, problem in csv_file.fields_of(sirene.UNITE_LEGALE_READ):
                if problem and isinstance(problem, str):  # a line the reader refused: no SIREN
                    self._unit_rejects.append((csv_file.name, line, "", problem))
                    continue
                siren = fields[0].strip()  # LegalUnit.siren
                if siren < previous:
                    raise ImportAbortedError(
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
            raise ImportAbortedError(
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
        with ProducedInChild(self._prepared_batches, max_pending=MAX_PENDING) as batches:
            for batch in batches:
                self.file_name = batch.file_name
                self.summary.read += batch.read
                for file, line, siret, reason in batch.rejects:
                    reject_line(self.summary, self.rejects, file, line, siret, reason)
                if batch.establishments:
                    with transaction.atomic():
                        self._write(batch)
                if self.progress:
                    self.progress(batch.read)
        self.reader_stats = batches.stats

    # --- In the parsing process ----------------------------------------------------------------

    def _prepared_batches(self) -> Iterator[_SireneBatch]:
        """One _SireneBatch per `batch_size` establishments kept; runs in the parsing process."""
        batch, rejects, read = [], self._unit_rejects, 0
        wanted = self._wanted if self.departements or self.employers_only else None
        parse = sirene.establishment_of
        for line, fields, problem in self._establishment_fields():
            read += 1
            # A line the reader refused (its values are empty) is rejected whatever the filters.
            if wanted is not None and not wanted(fields) and not isinstance(problem, str):
                continue
            try:
                batch.append(parse(fields, problem))
            except rna.RowError as error:
                if fields[_RAW_STATE] != "A" and not isinstance(problem, str):
                    continue  # a closed establishment is only followed once known: never an invalid one
                rejects.append((self.file_name, line, fields[_RAW_SIRET], str(error)))
            if len(batch) >= self.batch_size:
                yield self._prepared_batch(read, rejects, batch)
                batch, read = [], 0
                rejects = self._unit_rejects = []
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
                        fingerprint_of(e),
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
        fingerprint = fingerprint_of((*values, *identity, section))
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
                followed = {
                    found[0] for found in select_in(cursor, self.establishment_sql.table, "siret", "id", closed)
                }
                establishments = [(v, row) for v, row in establishments if v[_ACTIVE_AT] or v[_SIRET_AT] in followed]
                if not establishments:
                    return
                # The organisations of a known closed establishment: their plan counted only the active ones.
                recompute = {values[_SIREN_AT] for values, _row in establishments if not values[_ACTIVE_AT]}
            sirens = list(dict.fromkeys(values[_SIREN_AT] for values, _row in establishments))
            units = batch.units
            rna_ids = {unit[_UNIT_RNA_ID_AT]: s for s, unit in units.items() if unit and unit[_UNIT_RNA_ID_AT]}
            # {siren: (id, rna_id, sirene_fingerprint)} of the organisations already known.
            orgs: dict[str, Sequence[Any]] = {
                siren: found
                for siren, *found in select_in(
                    cursor, self.org_sql.table, "siren", "id, rna_id, sirene_fingerprint", sirens
                )
            }
            for rna_id, siren, *found in select_in(
                cursor, self.org_sql.table, "rna_id", "siren, id, rna_id, sirene_fingerprint", rna_ids, RNA_ID_INDEXED
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
            replace_links(
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
                for siret, pk, fp in select_in(
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
