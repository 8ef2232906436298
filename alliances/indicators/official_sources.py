"""The official files an operator loads, from their official addresses, and the importer of each.

The addresses can be replaced with the `ALLIANCES_OFFICIAL_SOURCES` setting ({name: url}): a
mirror, a newer vintage, or a local test server.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class OfficialSource:
    name: str
    label: str
    url: str
    command: str  # the importer (management command) that reads the file
    options: tuple[str, ...] = ()
    per_departement: bool = False  # a national zip with one file per département (RNA)


SOURCES = [
    OfficialSource(
        "laposte",
        "La Poste, base officielle des codes postaux",
        "https://datanova.laposte.fr/data-fair/api/v1/datasets/laposte-hexasmal/raw",
        "import_postal_codes",
    ),
    OfficialSource(
        "filosofi",
        "INSEE, Filosofi 2021 par commune",
        "https://www.insee.fr/fr/statistiques/fichier/7756729/base-cc-filosofi-2021-geo2024_csv.zip",
        "import_indicators",
        ("--source", "filosofi"),
    ),
    OfficialSource(
        "comparateur",
        "INSEE, base comparateur de territoires",
        "https://www.insee.fr/fr/statistiques/fichier/2521169/base_cc_comparateur_csv.zip",
        "import_indicators",
        ("--source", "comparateur"),
    ),
    OfficialSource(
        "densite",
        "INSEE, grille communale de densité",
        "https://www.insee.fr/fr/statistiques/fichier/6439600/grille_densite_7_niveaux_2024.xlsx",
        "import_indicators",
        ("--source", "densite"),
    ),
    OfficialSource(
        "rna_nomenclature",
        "RNA, nomenclature des objets sociaux",
        "https://media.interieur.gouv.fr/rna/rna-associations-nomenclature-waldec.csv",
        "import_rna_nomenclature",
    ),
    OfficialSource(
        "rna",
        "RNA, répertoire national des associations (fichier import)",
        "https://media.interieur.gouv.fr/rna/rna_import_20241001.zip",
        "import_rna",
        per_departement=True,
    ),
]
NAMES = [source.name for source in SOURCES]


def official_sources(names: list[str] | None = None) -> list[OfficialSource]:
    """The sources to load, in order, with the addresses of the setting when it gives one."""
    overrides = getattr(settings, "ALLIANCES_OFFICIAL_SOURCES", {}) or {}
    chosen = [s for s in SOURCES if not names or s.name in names]
    return [
        OfficialSource(s.name, s.label, overrides.get(s.name, s.url), s.command, s.options, s.per_departement)
        for s in chosen
    ]
