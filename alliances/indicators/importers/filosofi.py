"""INSEE Filosofi by commune (`cc_filosofi_YYYY_COM.csv`, also `_EPCI`, `_DEP`, `_REG`).

`;`-separated, decimal commas, `s` = statistical secrecy, `nd` = not available; columns carry
the two-digit year of the income (`MED21` for 2021).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from alliances.indicators.importers.common import (
    LineError,
    Row,
    WrongFileError,
    csv_rows,
    measure_rows,
    read_header,
)

COLUMNS = {
    "NBMENFISC": "menages_fiscaux",
    "NBPERSMENFISC": "personnes_menages_fiscaux",
    "MED": "niveau_vie_median",
    "PIMP": "part_menages_imposes",
    "TP60": "taux_pauvrete",
    "D1": "decile_1",
    "D9": "decile_9",
    "RD": "rapport_interdecile",
}
REQUIRED = ("NBMENFISC", "MED", "TP60")
EXPECTED = "CODGEO;NBMENFISCaa;NBPERSMENFISCaa;MEDaa;PIMPaa;TP60aa;…;D1aa;D9aa;RDaa (aa = année des revenus)"
_MED = re.compile(r"^MED(\d{2})$")


def parse_filosofi(lines: Iterable[str]) -> Iterator[Row | LineError]:
    """Yield one Row per territory, or a LineError for a line that cannot be read.

    Raise WrongFileError when the header is not a Filosofi one.
    """
    rows = csv_rows(lines)
    header = read_header(rows, EXPECTED)
    year = next((m.group(1) for h in header if (m := _MED.match(h))), None)
    missing = [c for c in REQUIRED if year is None or f"{c}{year}" not in header]
    if "CODGEO" not in header or missing or year is None:
        raise WrongFileError(
            "Ce fichier n'est pas un fichier Filosofi par territoire : colonnes attendues "
            f"{EXPECTED}. Colonnes trouvées : {';'.join(header[:8])}…"
        )
    vintage = 2000 + int(year)
    columns = [
        (header.index(f"{column}{year}"), indicator, vintage)
        for column, indicator in COLUMNS.items()
        if f"{column}{year}" in header
    ]
    yield from measure_rows(rows, header, header.index("CODGEO"), columns)
