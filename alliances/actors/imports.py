"""Load the registers into the directory: RNA (associations) and SIRENE (companies, establishments).

Every import is an idempotent upsert by register id, committed one batch at a time (an
interrupted import leaves whole batches and is resumed by running it again), writes only
register fields (never what members declared), and reports each rejected or doubtful line
with its line number in a rejects file.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from alliances.actors.communes import CommuneResolver
from alliances.actors.enums import ImportKind, OrganisationKind, OrganisationStatus, Source
from alliances.actors.importers import rna
from alliances.actors.importers.sources import SourceError, open_csv_files
from alliances.actors.indexing import SEARCH_KIND, search_entry
from alliances.actors.models import ImportRun, Organisation, Theme
from alliances.actors.sdg_mapping import sdgs_for_themes
from alliances.actors.services import themes_ensure_builtin
from alliances.core.search import index_documents

DEFAULT_BATCH = 2000


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
    reasons: Counter = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)
    rejects_path: str = ""

    def as_dict(self) -> dict:
        return {"lues": self.read, "créées": self.created, "mises à jour": self.updated,
                "inchangées": self.unchanged, "rejetées": self.rejected, "avertissements": self.warnings,
                "motifs": dict(self.reasons.most_common())}

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
        if self.reasons:
            lines.append("  motifs :")
            lines += [f"    {count} × {reason}" for reason, count in self.reasons.most_common(15)]
        lines.append(f"  fichier des rejets : {self.rejects_path}" if self.rejects_path else "  aucun rejet")
        return "\n".join(lines)


class RejectsWriter:
    """CSV (`;`, UTF-8) of the lines rejected or imported with a warning, created on first use."""

    HEADER = ["fichier", "ligne", "identifiant", "motif", "suite donnée"]

    def __init__(self, path: Path):
        self.path = path
        self._file = None
        self._writer = None

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


# Register fields the RNA import writes (nothing declared by members is in this list).
RNA_FIELDS = [
    "kind", "name", "short_name", "rna_former_id", "rna_successor_id", "siret", "siren", "commune",
    "address", "postal_code", "website", "register_object", "rna_object_codes", "status", "created_on",
    "status_changed_on", "rna_source", "rna_imported_at", "rna_fingerprint", "search_text",
]
_RNA_STATUS = {"A": OrganisationStatus.ACTIVE, "D": OrganisationStatus.DISSOLVED,
               "S": OrganisationStatus.DISSOLVED, "R": OrganisationStatus.CLOSED}


@dataclass
class _Pending:
    line: int
    file: str
    record: rna.RnaRecord
    commune_id: int | None
    theme_ids: list[int]
    sdgs: list[int]
    fingerprint: str


class RnaImporter:
    """Upsert RNA lines by `rna_id`, one transaction per batch."""

    def __init__(self, *, source: str, dry_run: bool = False, rejects_path: Path | None = None,
                 batch_size: int = DEFAULT_BATCH, progress: Callable[[int], None] | None = None,
                 index_search: bool = True):
        self.source = source
        self.dry_run = dry_run
        self.batch_size = batch_size
        self.progress = progress
        self.index_search = index_search
        self.summary = ImportSummary(kind="RNA", source=source, dry_run=dry_run)
        self.rejects = RejectsWriter(rejects_path or default_rejects_path("rna"))
        self.now = timezone.now()

    def run(self) -> ImportSummary:
        family_ids = themes_ensure_builtin()
        self.theme_ids = dict(Theme.objects.values_list("code", "id"))
        self.theme_ids.update(family_ids)
        self.resolver = CommuneResolver.from_database()
        try:
            if self.dry_run:
                # One transaction rolled back at the end: counts are exactly those of a real run.
                with transaction.atomic():
                    self._run_files()
                    transaction.set_rollback(True)
            else:
                self._run_files()
        finally:
            self.rejects.close()
        self.summary.rejects_path = str(self.rejects.path) if self.rejects.used else ""
        ImportRun.objects.create(kind=ImportKind.RNA, source=self.source[:500], dry_run=self.dry_run,
                                 finished_at=timezone.now(), counts=self.summary.as_dict(),
                                 rejects_path=self.summary.rejects_path)
        return self.summary

    def _run_files(self) -> None:
        try:
            with open_csv_files(self.source) as files:
                for csv_file in files:
                    self._run_file(csv_file)
        except SourceError as error:
            raise ImportError_(str(error)) from error

    def _run_file(self, csv_file) -> None:
        try:
            layout = rna.detect_layout(csv_file.header)
        except rna.RowError as error:
            raise ImportError_(f"{csv_file.name} : {error}") from error
        self.summary.files.append(f"{csv_file.name} ({layout}, {csv_file.encoding})")
        self.file_name = csv_file.name
        batch: list[_Pending] = []
        read_before = self.summary.read
        for line, row in csv_file.rows:
            self.summary.read += 1
            pending = self._prepare(line, row, layout)
            if pending is not None:
                batch.append(pending)
            if len(batch) >= self.batch_size:
                self._flush(batch)
                batch = []
                read_before = self._progress(read_before)
        if batch:
            self._flush(batch)
        self._progress(read_before)

    def _progress(self, read_before: int) -> int:
        if self.progress:
            self.progress(self.summary.read - read_before)
        return self.summary.read

    def _reject(self, line: int, identifier: str, reason: str) -> None:
        self.summary.rejected += 1
        self.summary.reasons[_generic_reason(reason)] += 1
        self.rejects.write(self.file_name, line, identifier, reason, "ligne ignorée")

    def _warn(self, line: int, identifier: str, reason: str) -> None:
        self.summary.reasons[_generic_reason(reason)] += 1
        self.rejects.write(self.file_name, line, identifier, reason, "importée")

    def _prepare(self, line: int, row: dict[str, str], layout: str) -> _Pending | None:
        try:
            record = rna.parse_row(row, layout)
        except rna.RowError as error:
            self._reject(line, (row.get("id") or "").strip(), str(error))
            return None
        resolution = self.resolver.resolve(
            code_insee=record.code_insee, postal_code=record.postal_code, name=record.commune_name
        )
        warnings = list(record.warnings)
        if resolution.commune_id is None:
            warnings.append(resolution.reason + " : importée sans commune")
        for warning in warnings:
            self._warn(line, record.rna_id, warning)
        if warnings:
            self.summary.warnings += 1
        codes = record.family_codes + [c for c in record.object_codes if c in self.theme_ids]
        theme_ids = sorted({self.theme_ids[c] for c in codes if c in self.theme_ids})
        sdgs = sdgs_for_themes(record.family_codes)
        values = (record.rna_id, record.name, record.former_id, record.siret, record.short_name,
                  record.register_object, record.object_codes, record.address, record.postal_code,
                  record.website, record.position, record.successor_id, record.created_on,
                  record.dissolved_on, resolution.commune_id, theme_ids, sdgs)
        return _Pending(line, self.file_name, record, resolution.commune_id, theme_ids, sdgs, _fingerprint(values))

    def _flush(self, batch: list[_Pending]) -> None:
        # A later line with the same id wins (the register lists an association once; a
        # repeated id is a data error worth reporting).
        by_id: dict[str, _Pending] = {}
        for pending in batch:
            previous = by_id.get(pending.record.rna_id)
            if previous is not None:
                self._reject(previous.line, previous.record.rna_id,
                             f"numéro RNA en double dans le fichier (ligne {pending.line} retenue)")
            by_id[pending.record.rna_id] = pending
        with transaction.atomic():
            self._write(by_id)

    def _write(self, by_id: dict[str, _Pending]) -> None:
        existing = {
            row[0]: row[1:]
            for row in Organisation.objects.filter(rna_id__in=list(by_id)).values_list(
                "rna_id", "id", "rna_fingerprint", "description", "siret", "siren"
            )
        }
        to_create: list[Organisation] = []
        to_update: list[Organisation] = []
        unchanged_ids: list[int] = []
        pendings_of: dict[int, _Pending] = {}
        for rna_id, pending in by_id.items():
            current = existing.get(rna_id)
            if current is not None and current[1] == pending.fingerprint:
                unchanged_ids.append(current[0])
                continue
            organisation = self._organisation(pending, current)
            if current is None:
                to_create.append(organisation)
            else:
                to_update.append(organisation)
        if to_create:
            Organisation.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            Organisation.objects.bulk_update(to_update, RNA_FIELDS, batch_size=500)
        if unchanged_ids:
            Organisation.objects.filter(pk__in=unchanged_ids).update(
                rna_imported_at=self.now, rna_source=self.file_name[:300]
            )
        changed = to_create + to_update
        for organisation in changed:
            pendings_of[organisation.pk] = by_id[organisation.rna_id]
        self._write_tags(changed, pendings_of, replace=[o.pk for o in to_update])
        if self.index_search and changed:
            index_documents(SEARCH_KIND, (search_entry(o, self.resolver.tags_of.get(o.commune_id, ()),
                                                       pendings_of[o.pk].sdgs, pendings_of[o.pk].record.family_codes)
                                          for o in changed))
        self.summary.created += len(to_create)
        self.summary.updated += len(to_update)
        self.summary.unchanged += len(unchanged_ids)

    def _organisation(self, pending: _Pending, current: tuple | None) -> Organisation:
        record = pending.record
        description, siret, siren = ("", "", "") if current is None else current[2:5]
        # SIRENE owns the SIRET once it has been imported; the RNA only fills a blank one.
        siret = siret or record.siret
        organisation = Organisation(
            pk=current[0] if current else None,
            kind=OrganisationKind.ASSOCIATION, name=record.name, short_name=record.short_name,
            rna_id=record.rna_id, rna_former_id=record.former_id, rna_successor_id=record.successor_id,
            siret=siret, siren=siren or siret[:9], commune_id=pending.commune_id, address=record.address,
            postal_code=record.postal_code, website=record.website, register_object=record.register_object,
            rna_object_codes=",".join(record.object_codes), status=_RNA_STATUS[record.position],
            created_on=record.created_on,
            status_changed_on=record.dissolved_on if record.position in ("D", "S") else None,
            source=Source.RNA, rna_source=pending.file[:300], rna_imported_at=self.now,
            rna_fingerprint=pending.fingerprint,
        )
        organisation.description = description
        organisation.search_text = organisation.compute_search_text()
        return organisation

    def _write_tags(self, organisations: list[Organisation], pendings_of: dict[int, _Pending],
                    replace: list[int]) -> None:
        themes_through = Organisation.themes.through
        sdgs_through = Organisation.sdgs.through
        if replace:
            themes_through.objects.filter(organisation_id__in=replace).delete()
            sdgs_through.objects.filter(organisation_id__in=replace).delete()
        themes_through.objects.bulk_create(
            [themes_through(organisation_id=o.pk, theme_id=t) for o in organisations for t in pendings_of[o.pk].theme_ids],
            batch_size=1000,
        )
        sdgs_through.objects.bulk_create(
            [sdgs_through(organisation_id=o.pk, sdg_id=n) for o in organisations for n in pendings_of[o.pk].sdgs],
            batch_size=1000,
        )


def rna_import(*, source: str, dry_run: bool = False, rejects_path: Path | None = None,
               batch_size: int = DEFAULT_BATCH, progress: Callable[[int], None] | None = None,
               index_search: bool = True) -> ImportSummary:
    """Import an RNA file (waldec or import layout; CSV or zip; path or URL)."""
    return RnaImporter(source=source, dry_run=dry_run, rejects_path=rejects_path, batch_size=batch_size,
                       progress=progress, index_search=index_search).run()


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
                    code=entry.family_code, defaults={"label": entry.label if code == entry.family_code
                                                      else f"Famille {entry.family_code[:3]}",
                                                      "scheme": ThemeScheme.RNA})
                families[entry.family_code] = family.pk
            is_family = code == entry.family_code
            defaults = {"label": entry.label, "scheme": ThemeScheme.RNA,
                        "family_id": None if is_family else families[entry.family_code]}
            theme, created = Theme.objects.get_or_create(code=code, defaults=defaults)
            if created:
                summary.created += 1
            elif any(getattr(theme, k) != v for k, v in defaults.items()):
                Theme.objects.filter(pk=theme.pk).update(**defaults)
                summary.updated += 1
            else:
                summary.unchanged += 1
    ImportRun.objects.create(kind=ImportKind.RNA_NOMENCLATURE, source=source[:500], finished_at=timezone.now(),
                             counts=summary.as_dict())
    return summary


# --- SIRENE ---------------------------------------------------------------------------------

SIRENE_ORG_FIELDS = ["siren", "siret", "naf_code", "headcount_band", "is_ess", "is_societe_a_mission",
                     "legal_category", "sirene_source", "sirene_imported_at", "sirene_fingerprint"]
# Identity fields SIRENE writes only for organisations that do not come from the RNA.
SIRENE_IDENTITY_FIELDS = ["kind", "name", "short_name", "commune", "address", "postal_code", "status",
                          "created_on", "search_text"]
ESTABLISHMENT_FIELDS = ["organisation", "name", "is_head_office", "commune", "address", "postal_code", "naf_code",
                        "headcount_band", "status", "created_on", "sirene_imported_at", "sirene_fingerprint"]


class SireneImporter:
    """Upsert SIRENE establishments (by SIRET) and their organisation (by SIREN, or by RNA id)."""

    def __init__(self, *, etablissements: str, unites_legales: str | None = None, departements: list[str] | None = None,
                 employers_only: bool = False, dry_run: bool = False, rejects_path: Path | None = None,
                 batch_size: int = DEFAULT_BATCH, progress: Callable[[int], None] | None = None):
        self.etablissements = etablissements
        self.unites_legales = unites_legales
        self.departements = {d.strip().upper() for d in departements or []}
        self.employers_only = employers_only
        self.dry_run = dry_run
        self.batch_size = batch_size
        self.progress = progress
        self.summary = ImportSummary(kind="SIRENE", source=etablissements, dry_run=dry_run)
        self.rejects = RejectsWriter(rejects_path or default_rejects_path("sirene"))
        self.now = timezone.now()
        self.legal_units: dict = {}

    def run(self) -> ImportSummary:
        from alliances.actors.models import Establishment

        self.theme_ids = themes_ensure_builtin()
        self.resolver = CommuneResolver.from_database()
        # Known establishments are followed even when closed: a newer file closes them.
        self.known_sirets = set(Establishment.objects.values_list("siret", flat=True))
        try:
            if self.unites_legales:
                self.legal_units = self._read_legal_units(self._kept_sirens())
            if self.dry_run:
                with transaction.atomic():
                    self._run_establishments()
                    transaction.set_rollback(True)
            else:
                self._run_establishments()
        except SourceError as error:
            raise ImportError_(str(error)) from error
        finally:
            self.rejects.close()
        self.summary.rejects_path = str(self.rejects.path) if self.rejects.used else ""
        ImportRun.objects.create(kind=ImportKind.SIRENE, source=self.etablissements[:500], dry_run=self.dry_run,
                                 finished_at=timezone.now(), counts=self.summary.as_dict(),
                                 rejects_path=self.summary.rejects_path)
        return self.summary

    def _establishment_rows(self):
        from alliances.actors.importers import sirene

        with open_csv_files(self.etablissements) as files:
            for csv_file in files:
                try:
                    sirene.check_header(csv_file.header, sirene.ETABLISSEMENT_COLUMNS, "StockEtablissement")
                except rna.RowError as error:
                    raise ImportError_(f"{csv_file.name} : {error}") from error
                self.file_name = csv_file.name
                yield from csv_file.rows

    def _wanted(self, row: dict[str, str]) -> bool:
        """Cheap filter on raw values before parsing (most national lines are skipped here)."""
        from alliances.actors.importers.sirene import NON_EMPLOYER_BANDS, departement_of

        commune = row.get("codecommuneetablissement", "")
        if self.departements and departement_of(commune) not in self.departements:
            return False
        if row.get("etatadministratifetablissement") != "A" and row.get("siret") not in self.known_sirets:
            return False
        if self.employers_only:
            employer = row.get("caractereemployeuretablissement", "")
            if employer == "N" or (not employer and row.get("trancheeffectifsetablissement", "") in NON_EMPLOYER_BANDS):
                return False
        return True

    def _kept_sirens(self) -> set[str]:
        return {row.get("siren", "") for _, row in self._establishment_rows() if self._wanted(row)}

    def _read_legal_units(self, sirens: set[str]) -> dict:
        from alliances.actors.importers import sirene

        units = {}
        with open_csv_files(self.unites_legales) as files:
            for csv_file in files:
                try:
                    sirene.check_header(csv_file.header, sirene.UNITE_LEGALE_COLUMNS, "StockUniteLegale")
                except rna.RowError as error:
                    raise ImportError_(f"{csv_file.name} : {error}") from error
                for _, row in csv_file.rows:
                    if row.get("siren") in sirens:
                        unit = sirene.parse_legal_unit(row)
                        units[unit.siren] = unit
        return units

    def _run_establishments(self) -> None:
        from alliances.actors.importers import sirene

        batch = []
        read_before = 0
        for line, row in self._establishment_rows():
            self.summary.read += 1
            if not self._wanted(row):
                continue
            try:
                batch.append((line, sirene.parse_establishment(row)))
            except rna.RowError as error:
                self.summary.rejected += 1
                self.summary.reasons[_generic_reason(str(error))] += 1
                self.rejects.write(self.file_name, line, row.get("siret", ""), str(error), "ligne ignorée")
            if len(batch) >= self.batch_size:
                with transaction.atomic():
                    self._write(batch)
                batch = []
                if self.progress:
                    self.progress(self.summary.read - read_before)
                read_before = self.summary.read
        if batch:
            with transaction.atomic():
                self._write(batch)
        if self.progress:
            self.progress(self.summary.read - read_before)

    def _write(self, batch) -> None:
        from alliances.actors.importers.sirene import kind_of
        from alliances.actors.indexing import organisations_reindex
        from alliances.actors.models import Establishment
        from alliances.actors.themes import naf_section, naf_theme_code

        sirens = {e.siren for _, e in batch}
        units = {s: self.legal_units.get(s) for s in sirens}
        rna_ids = {u.rna_id: s for s, u in units.items() if u and u.rna_id}
        orgs: dict[str, Organisation] = {o.siren: o for o in Organisation.objects.filter(siren__in=sirens)}
        for o in Organisation.objects.filter(rna_id__in=list(rna_ids)).exclude(siren__in=list(orgs)):
            orgs[rna_ids[o.rna_id]] = o  # an RNA association meets its SIRENE record
        heads = {e.siren: e for _, e in batch if e.is_head_office}
        to_create, to_update, changed_ids = [], [], []
        for siren in sirens:
            unit, head = units[siren], heads.get(siren)
            first = next(e for _, e in batch if e.siren == siren)
            source = head or first
            naf = (unit.naf_code if unit else "") or source.naf_code
            values = dict(
                siren=siren, siret=(siren + unit.head_office_nic) if unit and unit.head_office_nic else
                (head.siret if head else ""),
                naf_code=naf, headcount_band=(unit.headcount_band if unit else "") or source.headcount_band,
                is_ess=bool(unit and unit.is_ess), is_societe_a_mission=bool(unit and unit.is_societe_a_mission),
                legal_category=unit.legal_category if unit else "",
            )
            identity = dict(
                kind=kind_of(unit.legal_category if unit else "", bool(unit and unit.is_ess)),
                name=(unit.name if unit else "") or source.name or f"Établissement {source.siret}",
                short_name=unit.short_name if unit else "",
                commune_id=self.resolver.by_code.get(source.commune_code), address=source.address,
                postal_code=source.postal_code,
                status=OrganisationStatus.ACTIVE if (unit.is_active if unit else source.is_active)
                else OrganisationStatus.CLOSED,
                created_on=source.created_on,
            )
            section = naf_section(naf)
            fingerprint = _fingerprint([*values.values(), *identity.values(), section])
            org = orgs.get(siren)
            if org is not None and org.sirene_fingerprint == fingerprint:
                continue
            if org is None:
                org = Organisation(source=Source.SIRENE)
                to_create.append(org)
            else:
                to_update.append(org)
            for key, value in values.items():
                setattr(org, key, value)
            if not org.rna_id:
                for key, value in identity.items():
                    setattr(org, key, value)
            org.search_text = org.compute_search_text()
            org.sirene_source, org.sirene_imported_at, org.sirene_fingerprint = self.file_name[:300], self.now, fingerprint
            org._naf_section = section
            orgs[siren] = org
        Organisation.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            Organisation.objects.bulk_update(
                to_update, SIRENE_ORG_FIELDS + SIRENE_IDENTITY_FIELDS,
                batch_size=500)
        for org in to_create + to_update:
            changed_ids.append(org.pk)
            if not org.rna_id and org._naf_section:
                code = naf_theme_code(org._naf_section)
                Organisation.themes.through.objects.filter(organisation_id=org.pk).delete()
                Organisation.sdgs.through.objects.filter(organisation_id=org.pk).delete()
                Organisation.themes.through.objects.create(organisation_id=org.pk, theme_id=self.theme_ids[code])
                Organisation.sdgs.through.objects.bulk_create(
                    [Organisation.sdgs.through(organisation_id=org.pk, sdg_id=n) for n in sdgs_for_themes([code])])

        existing = {e.siret: e for e in Establishment.objects.filter(siret__in=[e.siret for _, e in batch])}
        new, updated = [], []
        for _, e in batch:
            fingerprint = _fingerprint(e.__dict__.values())
            current = existing.get(e.siret)
            if current is not None and current.sirene_fingerprint == fingerprint:
                self.summary.unchanged += 1
                continue
            target = current or Establishment(siret=e.siret)
            target.organisation_id = orgs[e.siren].pk
            target.name, target.is_head_office, target.address, target.postal_code = e.name, e.is_head_office, e.address, e.postal_code
            target.commune_id = self.resolver.by_code.get(e.commune_code)
            target.naf_code, target.headcount_band, target.created_on = e.naf_code, e.headcount_band, e.created_on
            target.status = OrganisationStatus.ACTIVE if e.is_active else OrganisationStatus.CLOSED
            target.sirene_imported_at, target.sirene_fingerprint = self.now, fingerprint
            (updated if current else new).append(target)
        Establishment.objects.bulk_create(new, batch_size=500)
        Establishment.objects.bulk_update(updated, ESTABLISHMENT_FIELDS, batch_size=500)
        self.summary.created += len(new)
        self.summary.updated += len(updated)
        self.summary.files = [self.file_name]
        if changed_ids:
            organisations_reindex(Organisation.objects.filter(pk__in=changed_ids).select_related(
                "commune__departement", "commune__epci", "commune__region").prefetch_related("themes", "sdgs"))


def sirene_import(**kwargs) -> ImportSummary:
    """Import SIRENE establishments (and legal units) for some départements; see SireneImporter."""
    return SireneImporter(**kwargs).run()
