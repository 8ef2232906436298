"""Open data: the documented schema of each dataset and the files generated from it.

Files are written by a background task (`tasks.generate_exports`) to MEDIA_ROOT/observatoire/,
row by row (the database is read in chunks, the file is written as it goes), then swapped in
atomically; the web worker only streams a finished file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from alliances.core.csv_export import csv_writer
from alliances.observatory.enums import ExportFormat, ExportKind, Level
from alliances.observatory.models import ExportFile, TerritoryCount

LICENCE = "Licence Ouverte / Open Licence version 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    meaning: str
    get: Callable[[Any], Any]


def _refs(territories) -> str:
    return ";".join(f"{t.kind}:{t.code}" for t in territories)


def _sdgs(obj) -> str:
    return ";".join(str(s.pk) for s in obj.sdgs.all())


def _date(value) -> str:
    return value.isoformat() if value else ""


PRACTICE_COLUMNS = [
    Column("id", "entier", "Identifiant de la pratique sur la plateforme", lambda p: p.pk),
    Column("titre", "texte", "Titre de la pratique", lambda p: p.title),
    Column("resume", "texte", "Résumé : qui, où, quoi, avec quel résultat", lambda p: getattr(p, "summary", "")),
    Column(
        "territoires",
        "liste de territoires (séparateur ;)",
        "Territoires concernés, écrits niveau:code (commune:48095, departement:48…)",
        lambda p: _refs(p.territories.all()),
    ),
    Column(
        "forme",
        "code",
        "Forme de co-construction (dialogue-territorial, partenariat, experimentation-collective)",
        lambda p: getattr(p, "form", ""),
    ),
    Column(
        "types_partenariat",
        "liste de codes (séparateur ;)",
        "Types de partenariat : mecenat, pratiques-responsables, cooperation-economique, innovation-societale",
        lambda p: ";".join(getattr(p, "partnership_types", None) or []),
    ),
    Column(
        "fragilites",
        "liste de codes (séparateur ;)",
        "Fragilités du territoire traitées",
        lambda p: ";".join(getattr(p, "fragilities", None) or []),
    ),
    Column("odd", "liste d'entiers (séparateur ;)", "Numéros des objectifs de développement durable (1 à 17)", _sdgs),
    Column("debut", "date (AAAA-MM-JJ)", "Date de début", lambda p: _date(getattr(p, "started_on", None))),
    Column("fin", "date (AAAA-MM-JJ)", "Date de fin", lambda p: _date(getattr(p, "ended_on", None))),
    Column(
        "publiee_le",
        "date et heure (ISO 8601)",
        "Date de publication après modération",
        lambda p: _date(getattr(p, "published_at", None)),
    ),
    Column("url", "chemin", "Adresse de la fiche sur la plateforme", lambda p: p.get_absolute_url()),
    Column(
        "exemple_fictif",
        "booléen",
        "Vrai pour un exemple fictif de démonstration (à ne pas réutiliser)",
        lambda p: bool(getattr(p, "is_demo", False)),
    ),
]

ALLIANCE_COLUMNS = [
    Column("id", "entier", "Identifiant de l'alliance sur la plateforme", lambda a: a.pk),
    Column("titre", "texte", "Titre de l'alliance", lambda a: a.title),
    Column("probleme", "texte", "Problème local traité", lambda a: getattr(a, "problem", "")),
    Column("territoire", "territoire (niveau:code)", "Territoire de l'alliance", lambda a: a.territory.ref),
    Column("nom_territoire", "texte", "Nom du territoire", lambda a: a.territory.name),
    Column("porteur", "texte", "Organisation porteuse", lambda a: getattr(a, "lead_organisation_name", "")),
    Column(
        "forme",
        "code",
        "Forme de co-construction (dialogue, partenariat, experimentation)",
        lambda a: getattr(a, "form", ""),
    ),
    Column(
        "etape", "code", "Étape : comprendre, mobiliser, co-construire, agir, evaluer", lambda a: getattr(a, "step", "")
    ),
    Column("odd", "liste d'entiers (séparateur ;)", "Numéros des ODD visés", _sdgs),
    Column("debut", "date (AAAA-MM-JJ)", "Date de début", lambda a: _date(getattr(a, "start_date", None))),
    Column("url", "chemin", "Adresse de l'alliance sur la plateforme", lambda a: a.get_absolute_url()),
    Column(
        "exemple_fictif",
        "booléen",
        "Vrai pour un exemple fictif de démonstration",
        lambda a: bool(getattr(a, "is_demo", False)),
    ),
]

COUNT_COLUMNS = [
    Column("niveau", "code", "national, region, departement, epci ou commune", lambda c: c.level),
    Column(
        "code",
        "texte",
        "Code officiel du territoire (INSEE ; SIREN pour un EPCI ; vide pour la France)",
        lambda c: c.territory.code if c.territory_id else "",
    ),
    Column("nom", "texte", "Nom du territoire", lambda c: c.territory.name if c.territory_id else "France"),
    Column(
        "indicateur", "code", "alliances, pratiques, organisations, catalyseurs, autodiagnostics", lambda c: c.metric
    ),
    Column(
        "ventilation",
        "code",
        "Ventilation (vide pour le total) : etape, forme, type_partenariat, odd, fragilite, type, trimestre",
        lambda c: c.dimension,
    ),
    Column("modalite", "code", "Valeur de la ventilation (vide pour le total)", lambda c: c.value),
    Column("libelle", "texte", "Libellé de la modalité", lambda c: c.value_label),
    Column(
        "effectif",
        "entier ou texte",
        "Nombre d'éléments ; « < 5 » quand le secret statistique masque un effectif de 1 à 4, "
        "« secret » pour un masquage complémentaire",
        lambda c: c.published,
    ),
    Column("calcule_le", "date et heure (ISO 8601)", "Date du calcul", lambda c: c.computed_at.isoformat()),
]

SCHEMAS: dict[str, list[Column]] = {
    ExportKind.PRACTICES: PRACTICE_COLUMNS,
    ExportKind.ALLIANCES: ALLIANCE_COLUMNS,
    ExportKind.COUNTS: COUNT_COLUMNS,
}


def _practices() -> QuerySet | None:
    if not apps.is_installed("alliances.practices"):
        return None
    try:
        model = apps.get_model("practices", "Practice")
    except LookupError:
        return None
    qs = model._default_manager.all()
    qs = qs.published() if hasattr(qs, "published") else qs.none()
    return qs.prefetch_related("territories", "sdgs").order_by("pk")


def _alliances() -> QuerySet | None:
    if not apps.is_installed("alliances.partnerships"):
        return None
    try:
        model = apps.get_model("partnerships", "Alliance")
    except LookupError:
        return None
    qs = model._default_manager.all()
    # Only public alliances are exported one by one; the others exist only inside counts.
    qs = qs.public() if hasattr(qs, "public") else qs.none()
    return qs.select_related("territory").prefetch_related("sdgs").order_by("pk")


def _counts() -> QuerySet:
    return (
        TerritoryCount.objects.exclude(level=Level.COMMUNE)
        .select_related("territory")
        .order_by("level", "territory__code", "metric", "dimension", "value")
    )


SOURCES: dict[str, Callable[[], QuerySet | None]] = {
    ExportKind.PRACTICES: _practices,
    ExportKind.ALLIANCES: _alliances,
    ExportKind.COUNTS: _counts,
}


def export_rows(kind: str) -> Iterator[list[Any]]:
    """The rows of a dataset as lists of values in the documented column order."""
    qs = SOURCES[kind]()
    if qs is None:
        return
    columns = SCHEMAS[kind]
    for obj in qs.iterator(chunk_size=2000):
        yield [column.get(obj) for column in columns]


def export_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "observatoire"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write(kind: str, fmt: str, target: Path) -> int:
    columns = [c.name for c in SCHEMAS[kind]]
    tmp = target.with_suffix(target.suffix + ".tmp")
    rows = 0
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        if fmt == ExportFormat.CSV:
            writer = csv_writer(handle)
            writer.writerow(columns)
            for row in export_rows(kind):
                writer.writerow(row)
                rows += 1
        else:
            header = {"licence": LICENCE, "genere_le": timezone.now().isoformat()}
            # Streamed: the header object is opened, rows are appended one by one, then closed.
            handle.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "donnees": [\n')
            for row in export_rows(kind):
                handle.write(
                    (",\n" if rows else "") + json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False)
                )
                rows += 1
            handle.write("\n]}\n")
    os.replace(tmp, target)
    return rows


def exports_generate() -> list[ExportFile]:
    """(Re)generate every open-data file; return their records."""
    files = []
    for kind in ExportKind:
        for fmt in ExportFormat:
            target = export_dir() / f"observatoire-{kind.value}.{fmt.value}"
            rows = _write(kind, fmt, target)
            record, _ = ExportFile.objects.update_or_create(
                kind=kind,
                format=fmt,
                defaults={
                    "path": str(target.relative_to(Path(settings.MEDIA_ROOT))),
                    "rows": rows,
                    "size": target.stat().st_size,
                    "generated_at": timezone.now(),
                },
            )
            files.append(record)
    return files
