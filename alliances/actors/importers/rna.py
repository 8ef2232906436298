"""Parse lines of the RNA (Répertoire national des associations), both official layouts.

- *waldec* (associations created or updated since 2009, 39 columns, with `adrs_codeinsee`);
- *import* (associations declared before 2009 as migrated; 23 columns in the 2024 release,
  no INSEE code: the commune is found from `adrs_codepostal` + `libcom`).

Columns are looked up by header name, never by position: `row_parser(header)` resolves the
names to indexes once per file and returns a pure function from a CSV record (list of
strings) to an `RnaRecord` tuple — the national file has 1.9 million lines, so the per-line
work is kept to plain string operations. A date `0001-01-01` means "no date". `position`:
A active, D dissolved, S deleted (treated as dissolved), R taken over in Waldec (the new id is
in `observation`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import NamedTuple

from stdnum.fr import siret as stdnum_siret

from alliances.actors.themes import rna_family_code

WALDEC = "waldec"
IMPORT = "import"
REQUIRED_COLUMNS = ("id", "titre")
_RNA_ID = re.compile(r"(W[0-9A-Z]{9}|[0-9]{3}[0-9A-Z][0-9A-Z]{10})")
_SUCCESSOR = re.compile(r"\bW[0-9A-Z]{9}\b")
_NO_DATE = frozenset({"", "0001-01-01", "0000-00-00"})
_WEB = re.compile(r"^(https?://)?[\w.-]+\.[a-z]{2,}(/\S*)?$", re.IGNORECASE)
_POSITIONS = frozenset("ADSR")
# Address parts of each layout, in reading order.
_ADDRESS = {
    WALDEC: ("adrs_complement", "adrs_numvoie", "adrs_repetition", "adrs_typevoie", "adrs_libvoie", "adrs_distrib"),
    IMPORT: ("adr1", "adr2", "adr3"),
}
_COMMUNE_NAME = {WALDEC: "adrs_libcommune", IMPORT: "libcom"}


class RowError(ValueError):
    """The line cannot be imported; the message (French) goes to the rejects file."""


class RnaRecord(NamedTuple):
    rna_id: str
    name: str
    former_id: str = ""
    siret: str = ""
    short_name: str = ""
    register_object: str = ""
    object_codes: tuple[str, ...] = ()
    family_codes: tuple[str, ...] = ()
    address: str = ""
    postal_code: str = ""
    commune_name: str = ""
    code_insee: str = ""
    website: str = ""
    position: str = "A"
    successor_id: str = ""
    created_on: datetime.date | None = None
    dissolved_on: datetime.date | None = None
    warnings: tuple[str, ...] = ()


def detect_layout(header: list[str]) -> str:
    """Return WALDEC or IMPORT; raise RowError when mandatory columns are missing."""
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise RowError(
            "colonnes obligatoires absentes : "
            + ", ".join(missing)
            + " (un fichier RNA « waldec » ou « import » est attendu, séparé par des points-virgules)"
        )
    return WALDEC if "adrs_codeinsee" in header or "adrs_libvoie" in header else IMPORT


def parse_date(value: str, column: str, warnings: list[str]) -> datetime.date | None:
    value = value.strip()[:10]
    if value in _NO_DATE:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        warnings.append(f"{column} « {value} » n'est pas une date AAAA-MM-JJ : ignorée")
        return None


def object_codes(first: str, second: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(social-object codes, their family codes) of `objet_social1/2`; `000000` means none."""
    codes = tuple(c for c in (first.strip(), second.strip()) if c and c != "000000")
    return codes, tuple(dict.fromkeys(f for f in map(rna_family_code, codes) if f))


def row_parser(header: list[str]) -> tuple[str, Callable[[list[str]], RnaRecord]]:
    """Return (layout, parse) for a file with this header; raise RowError if it is not an RNA file.

    `parse(values)` turns one CSV record into an RnaRecord, or raises RowError (French reason).
    """
    layout = detect_layout(header)
    width = len(header)
    index = {name: i for i, name in enumerate(header)}
    missing = width  # an index past the record: `_get` reads it as an empty value

    def column(name: str) -> int:
        return index.get(name, missing)

    i_id, i_title, i_short, i_former = column("id"), column("titre"), column("titre_court"), column("id_ex")
    i_siret, i_web, i_position, i_observation = (
        column("siret"),
        column("siteweb"),
        column("position"),
        column("observation"),
    )
    i_object, i_code1, i_code2 = column("objet"), column("objet_social1"), column("objet_social2")
    i_postal, i_insee, i_commune = column("adrs_codepostal"), column("adrs_codeinsee"), column(_COMMUNE_NAME[layout])
    i_created, i_dissolved = column("date_creat"), column("date_disso")
    i_address = tuple(column(c) for c in _ADDRESS[layout] if c in index)
    codes_cache: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def parse(values: list[str]) -> RnaRecord:
        if len(values) != width:
            raise RowError(f"nombre de champs incorrect ({len(values)})")
        values = [*values, ""]  # the value of a missing column
        rna_id = values[i_id].strip().upper()
        if not rna_id:
            raise RowError("numéro RNA (id) absent")
        if not _RNA_ID.fullmatch(rna_id):
            raise RowError(f"numéro RNA « {rna_id} » invalide")
        name = " ".join(values[i_title].split())
        if not name:
            raise RowError("titre absent")
        warnings: list[str] = []
        siret = values[i_siret].strip()
        if siret:
            siret = siret.replace(" ", "")
            if not stdnum_siret.is_valid(siret):
                warnings.append(f"SIRET « {siret} » invalide (clé de contrôle) : ignoré")
                siret = ""
        website = values[i_web].strip()
        if website:
            if not _WEB.match(website):
                website = ""
            elif website[:4].lower() != "http":
                website = "http://" + website
        position = values[i_position].strip().upper() or "A"
        if position not in _POSITIONS:
            warnings.append(f"position « {position} » inconnue : association considérée active")
            position = "A"
        successor = ""
        if position == "R":
            match = _SUCCESSOR.search(values[i_observation])
            successor = match.group(0) if match else ""
            if not successor:
                warnings.append("position R sans nouveau numéro dans « observation »")
        code_pair = (values[i_code1], values[i_code2])
        codes = codes_cache.get(code_pair)
        if codes is None:
            codes = codes_cache[code_pair] = object_codes(*code_pair)
        created = values[i_created]
        created_on = None if created in _NO_DATE else parse_date(created, "date_creat", warnings)
        dissolved = values[i_dissolved]
        dissolved_on = None if dissolved in _NO_DATE else parse_date(dissolved, "date_disso", warnings)
        return RnaRecord(
            rna_id,
            name[:400],
            values[i_former].strip()[:14],
            siret,
            " ".join(values[i_short].split())[:200],
            " ".join(values[i_object].split()),
            codes[0],
            codes[1],
            " ".join(" ".join([values[i] for i in i_address]).split()),
            values[i_postal].strip()[:5],
            values[i_commune].strip(),
            values[i_insee].strip().upper(),
            website[:500],
            position,
            successor,
            created_on,
            dissolved_on,
            tuple(warnings),
        )

    return layout, parse


def parse_row(row: dict[str, str], layout: str | None = None) -> RnaRecord:
    """Parse one row keyed by header name (for a few rows; big files go through row_parser).

    The layout is detected from the row's keys; `layout`, when given, must agree with it."""
    if "__width__" in row:
        raise RowError(row.get("__unreadable__") or f"nombre de champs incorrect ({row['__width__']})")
    detected, parse = row_parser(list(row))
    if layout is not None and layout != detected:
        raise RowError(f"disposition « {layout} » attendue, « {detected} » trouvée")
    return parse(list(row.values()))
