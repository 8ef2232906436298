"""INSEE Filosofi by commune (`cc_filosofi_YYYY_COM.csv`, also `_EPCI`, `_DEP`, `_REG`).

`;`-separated, decimal commas, `s` = statistical secrecy, `nd` = not available; columns carry
the two-digit year of the income (`MED21` for 2021).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from alliances.indicators.importers.common import (
    LineError,
    Measure,
    Row,
    WrongFileError,
    check_code,
    csv_rows,
    parse_number,
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
    try:
        _, header = next(rows)
    except StopIteration:
        raise WrongFileError(f"Fichier vide : colonnes attendues {EXPECTED}.") from None
    header = [h.strip().upper() for h in header]
    year = next((m.group(1) for h in header if (m := _MED.match(h))), None)
    missing = [c for c in REQUIRED if year is None or f"{c}{year}" not in header]
    if "CODGEO" not in header or missing:
        raise WrongFileError(
            "Ce fichier n'est pas un fichier Filosofi par territoire : colonnes attendues "
            f"{EXPECTED}. Colonnes trouvées : {';'.join(header[:8])}…"
        )
    vintage = 2000 + int(year)
    positions = {indicator: header.index(f"{column}{year}")
                 for column, indicator in COLUMNS.items() if f"{column}{year}" in header}
    code_at = header.index("CODGEO")
    for number, cells in rows:
        if len(cells) != len(header):
            yield LineError(number, f"{len(cells)} colonnes au lieu de {len(header)}")
            continue
        try:
            code = check_code(cells[code_at])
            measures = []
            for indicator, at in positions.items():
                try:
                    value, status = parse_number(cells[at])
                except ValueError:
                    raise ValueError(f"valeur non numérique « {cells[at]} » dans la colonne {header[at]}") from None
                measures.append(Measure(indicator, vintage, value, status))
        except ValueError as error:
            yield LineError(number, str(error))
            continue
        yield Row(number, code, measures)
