"""INSEE "base comparateur de territoires" (`base_cc_comparateur*.csv`).

Column names carry the year of each figure and change with every edition (`P21_POP` in the
2024 edition, `P22_POP` in 2025): the year of each measure is read from its column name.
Within one file some columns use a decimal comma and others a point; `s` = secrecy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from alliances.indicators.importers.common import (
    Column,
    LineError,
    Row,
    WrongFileError,
    csv_rows,
    measure_rows,
    read_header,
)

# (pattern, indicator); the last group of the pattern is the two-digit year.
PATTERNS = [
    (r"^P(\d\d)_POP$", "population"),
    (r"^NAIS\d\d(\d\d)$", "naissances"),
    (r"^DECE\d\d(\d\d)$", "deces"),
    (r"^P(\d\d)_LOG$", "logements"),
    (r"^P(\d\d)_RP$", "residences_principales"),
    (r"^P(\d\d)_RSECOCC$", "residences_secondaires"),
    (r"^P(\d\d)_LOGVAC$", "logements_vacants"),
    (r"^P(\d\d)_RP_PROP$", "proprietaires"),
    (r"^P(\d\d)_EMPLT$", "emplois"),
    (r"^P(\d\d)_POP1564$", "population_15_64"),
    (r"^P(\d\d)_ACT1564$", "actifs_15_64"),
    (r"^P(\d\d)_CHOM1564$", "chomeurs_15_64"),
    (r"^ETTOT(\d\d)$", "etablissements"),
    (r"^ETAZ(\d\d)$", "etablissements_agriculture"),
    (r"^ETBE(\d\d)$", "etablissements_industrie"),
    (r"^ETFZ(\d\d)$", "etablissements_construction"),
    (r"^ETGU(\d\d)$", "etablissements_commerce_services"),
    (r"^ETOQ(\d\d)$", "etablissements_public_sante"),
    (r"^NBMENFISC(\d\d)$", "menages_fiscaux"),
    (r"^MED(\d\d)$", "niveau_vie_median"),
    (r"^PIMP(\d\d)$", "part_menages_imposes"),
    (r"^TP60(\d\d)$", "taux_pauvrete"),
]
_COMPILED = [(re.compile(p), code) for p, code in PATTERNS]
EXPECTED = "CODGEO;Paa_POP;Pbb_POP;SUPERF;NAISbbaa;DECEbbaa;Paa_LOG;…;Paa_CHOM1564;Paa_ACT1564;ETTOTcc;… (aa = année du recensement)"
_POP = re.compile(r"^P(\d\d)_POP$")


def detect_year(header: list[str]) -> int:
    """The census year of the edition: the most recent `Paa_POP` column."""
    years = [int(m.group(1)) for h in header if (m := _POP.match(h))]
    if not years:
        raise WrongFileError(
            "Ce fichier n'est pas une base comparateur de territoires : colonnes attendues "
            f"{EXPECTED}. Colonnes trouvées : {';'.join(header[:8])}…"
        )
    return 2000 + max(years)


def parse_comparateur(lines: Iterable[str]) -> Iterator[Row | LineError]:
    """Yield one Row per commune (or a LineError); raise WrongFileError for another file."""
    rows = csv_rows(lines)
    header = read_header(rows, EXPECTED)
    census_year = detect_year(header)
    if "CODGEO" not in header:
        raise WrongFileError(f"Colonne CODGEO absente : colonnes attendues {EXPECTED}.")
    columns: list[Column] = []
    for at, name in enumerate(header):
        if name == "SUPERF":
            columns.append((at, "superficie", census_year))
            continue
        for pattern, code in _COMPILED:
            if m := pattern.match(name):
                columns.append((at, code, 2000 + int(m.group(1))))
                break
    yield from measure_rows(rows, header, header.index("CODGEO"), columns)
