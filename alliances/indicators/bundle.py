"""The official data shipped with the project (data/officiel/), loaded offline by `make run`.

INSEE Filosofi 2021 by commune and La Poste's postal codes with coordinates, in their official
format (gzip-compressed): the same importers read them as the files an operator downloads. A file
already loaded (same checksum) is skipped, so a second `make run` costs a few queries.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from alliances.indicators import services
from alliances.indicators.importers.filosofi import parse_filosofi
from alliances.indicators.importers.laposte import parse_laposte
from alliances.territories.models import ReferentialLoad, Territory

BUNDLE_DIR = Path(__file__).resolve().parents[2] / "data" / "officiel"
FILOSOFI = BUNDLE_DIR / "cc_filosofi_2021_COM.csv.gz"
LAPOSTE = BUNDLE_DIR / "laposte_hexasmal.csv.gz"


@dataclass(frozen=True)
class BundleLoad:
    name: str
    skipped: bool
    summary: str


def _text(path: Path) -> io.TextIOWrapper:
    return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")


def bundled_data_load(*, force: bool = False, directory: Path = BUNDLE_DIR) -> list[BundleLoad]:
    """Load the shipped Filosofi and postal-code files once; return what each load did."""
    if not Territory.objects.exists():
        raise RuntimeError("Le référentiel des territoires doit être chargé avant les données officielles.")
    results = []
    for path, loader in ((directory / LAPOSTE.name, _load_laposte), (directory / FILOSOFI.name, _load_filosofi)):
        checksum = hashlib.sha256(path.read_bytes()).hexdigest()
        label = f"data/officiel/{path.name}"
        if not force and ReferentialLoad.objects.filter(source=label, checksum=checksum).exists():
            results.append(BundleLoad(path.name, True, "déjà chargé"))
            continue
        summary, vintage, counts = loader(path)
        ReferentialLoad.objects.create(source=label, checksum=checksum, vintage=vintage, counts=counts)
        results.append(BundleLoad(path.name, False, summary))
    return results


def _load_laposte(path: Path) -> tuple[str, int, dict]:
    with _text(path) as handle:
        summary = services.commune_coordinates_import(rows=parse_laposte(handle))
    text = (
        f"coordonnées de {summary.communes} communes, {summary.localities} localités de la ligne 5 "
        f"(anciennes communes, lieux-dits), {len(summary.unknown_codes)} codes absents du référentiel"
    )
    return text, 2023, {"communes": summary.communes, "localites": summary.localities}


def _load_filosofi(path: Path) -> tuple[str, int, dict]:
    with _text(path) as handle:
        summary = services.indicators_import(source="filosofi", rows=parse_filosofi(handle))
    text = (
        f"{summary.rows} lignes, {summary.values} valeurs, {len(summary.merged)} communes actuelles recevant "
        f"les chiffres de communes fusionnées depuis, {len(summary.unknown_codes)} codes ignorés"
    )
    vintage = max(summary.vintages, default=2021)
    return (
        text,
        vintage,
        {"lignes": summary.rows, "fusions": len(summary.merged), "ignores": len(summary.unknown_codes)},
    )
