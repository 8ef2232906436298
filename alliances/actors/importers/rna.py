"""Parse lines of the RNA (Répertoire national des associations), both official layouts.

- *waldec* (associations created or updated since 2009, 39 columns, with `adrs_codeinsee`);
- *import* (associations declared before 2009 as migrated; 23 columns in the 2024 release,
  no INSEE code: the commune is found from `adrs_codepostal` + `libcom`).

Columns are looked up by header name, never by position. A date `0001-01-01` means "no date".
`position`: A active, D dissolved, S deleted (treated as dissolved), R taken over in Waldec
(the new id is in `observation`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from stdnum.fr import siret as stdnum_siret

from alliances.actors.themes import rna_family_code

WALDEC = "waldec"
IMPORT = "import"
REQUIRED_COLUMNS = ("id", "titre")
_RNA_ID = re.compile(r"^(W[0-9A-Z]{9}|[0-9]{3}[0-9A-Z][0-9A-Z]{10})$")
_SUCCESSOR = re.compile(r"\bW[0-9A-Z]{9}\b")
_NO_DATE = {"", "0001-01-01", "0000-00-00"}
_WEB = re.compile(r"^(https?://)?[\w.-]+\.[a-z]{2,}(/\S*)?$", re.IGNORECASE)


class RowError(ValueError):
    """The line cannot be imported; the message (French) goes to the rejects file."""


@dataclass
class RnaRecord:
    rna_id: str
    name: str
    former_id: str = ""
    siret: str = ""
    short_name: str = ""
    register_object: str = ""
    object_codes: tuple[str, ...] = ()
    address: str = ""
    postal_code: str = ""
    commune_name: str = ""
    code_insee: str = ""
    website: str = ""
    position: str = "A"
    successor_id: str = ""
    created_on: datetime.date | None = None
    dissolved_on: datetime.date | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def family_codes(self) -> list[str]:
        return list(dict.fromkeys(c for c in map(rna_family_code, self.object_codes) if c))


def detect_layout(header: list[str]) -> str:
    """Return WALDEC or IMPORT; raise RowError when mandatory columns are missing."""
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise RowError(
            "colonnes obligatoires absentes : " + ", ".join(missing)
            + " (un fichier RNA « waldec » ou « import » est attendu, séparé par des points-virgules)"
        )
    return WALDEC if "adrs_codeinsee" in header or "adrs_libvoie" in header else IMPORT


def parse_date(value: str, column: str, warnings: list[str]) -> datetime.date | None:
    value = (value or "").strip()[:10]
    if value in _NO_DATE:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        warnings.append(f"{column} « {value} » n'est pas une date AAAA-MM-JJ : ignorée")
        return None


def _join(*parts: str) -> str:
    return " ".join(" ".join(p.split()) for p in parts if p and p.strip())


def parse_row(row: dict[str, str], layout: str) -> RnaRecord:
    """Turn one CSV row into an RnaRecord; raise RowError for a line that cannot be imported."""
    if "__width__" in row:
        raise RowError(f"nombre de champs incorrect ({row['__width__']})")
    get = row.get
    rna_id = (get("id") or "").strip().upper()
    if not rna_id:
        raise RowError("numéro RNA (id) absent")
    if not _RNA_ID.match(rna_id):
        raise RowError(f"numéro RNA « {rna_id} » invalide")
    name = " ".join((get("titre") or "").split())
    if not name:
        raise RowError("titre absent")
    warnings: list[str] = []
    siret = (get("siret") or "").strip().replace(" ", "")
    if siret and not stdnum_siret.is_valid(siret):
        warnings.append(f"SIRET « {siret} » invalide (clé de contrôle) : ignoré")
        siret = ""
    website = (get("siteweb") or "").strip()
    if website and not _WEB.match(website):
        website = ""
    elif website and not website.lower().startswith("http"):
        website = "http://" + website
    position = (get("position") or "A").strip().upper() or "A"
    if position not in ("A", "D", "S", "R"):
        warnings.append(f"position « {position} » inconnue : association considérée active")
        position = "A"
    observation = get("observation") or ""
    successor = ""
    if position == "R":
        match = _SUCCESSOR.search(observation)
        successor = match.group(0) if match else ""
        if not successor:
            warnings.append("position R sans nouveau numéro dans « observation »")
    if layout == WALDEC:
        address = _join(get("adrs_complement", ""), get("adrs_numvoie", ""), get("adrs_repetition", ""),
                        get("adrs_typevoie", ""), get("adrs_libvoie", ""), get("adrs_distrib", ""))
        commune_name = get("adrs_libcommune") or ""
    else:
        address = _join(get("adr1", ""), get("adr2", ""), get("adr3", ""))
        commune_name = get("libcom") or ""
    codes = tuple(c.strip() for c in (get("objet_social1", ""), get("objet_social2", "")))
    return RnaRecord(
        rna_id=rna_id,
        name=name[:400],
        former_id=(get("id_ex") or "").strip()[:14],
        siret=siret,
        short_name=" ".join((get("titre_court") or "").split())[:200],
        register_object=" ".join((get("objet") or "").split()),
        object_codes=tuple(c for c in codes if c and c != "000000"),
        address=address,
        postal_code=(get("adrs_codepostal") or "").strip()[:5],
        commune_name=commune_name.strip(),
        code_insee=(get("adrs_codeinsee") or "").strip().upper(),
        website=website[:500],
        position=position,
        successor_id=successor,
        created_on=parse_date(get("date_creat", ""), "date_creat", warnings),
        dissolved_on=parse_date(get("date_disso", ""), "date_disso", warnings),
        warnings=warnings,
    )
