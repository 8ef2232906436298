"""Import the official nomenclature of the RNA social objects (detailed theme labels)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from alliances.actors.enums import ImportKind, ThemeScheme
from alliances.actors.importers import nomenclature, rna
from alliances.actors.importers.sources import SourceError, open_csv_files
from alliances.actors.imports.common import ImportAbortedError, ImportSummary
from alliances.actors.models import ImportRun, Theme
from alliances.actors.services import themes_ensure_builtin


def rna_nomenclature_import(*, source: str) -> ImportSummary:
    """Load (or update) the detailed labels of the RNA social objects; idempotent."""
    summary = ImportSummary(kind="nomenclature RNA", source=source)
    families = themes_ensure_builtin()
    entries: dict[str, nomenclature.NomenclatureEntry] = {}
    try:
        with open_csv_files(source) as files:
            for csv_file in files:
                try:
                    nomenclature.check_header(csv_file.header)
                except rna.RowError as error:
                    raise ImportAbortedError(f"{csv_file.name} : {error}") from error
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
        raise ImportAbortedError(str(error)) from error
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
