"""Parse SIRENE stock files (INSEE): `StockEtablissement_utf8.csv` and `StockUniteLegale_utf8.csv`.

Columns are read by header name (the files gained columns over time); headers are
compared in lower case.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from stdnum.fr import siret as stdnum_siret

from alliances.actors.enums import HeadcountBand, OrganisationKind
from alliances.actors.importers.rna import RowError

ETABLISSEMENT_COLUMNS = ("siren", "siret", "codecommuneetablissement", "etatadministratifetablissement")
UNITE_LEGALE_COLUMNS = ("siren", "categoriejuridiqueunitelegale")
# Columns read from each line (by parse_establishment, parse_legal_unit and the import's
# filter): a line is turned into a dict of these only (a national line has 48 or 53 columns).
ETABLISSEMENT_READ = (
    "siren", "siret", "codecommuneetablissement", "codepostaletablissement", "etatadministratifetablissement",
    "complementadresseetablissement", "numerovoieetablissement", "indicerepetitionetablissement",
    "typevoieetablissement", "libellevoieetablissement", "distributionspecialeetablissement",
    "denominationusuelleetablissement", "enseigne1etablissement", "trancheeffectifsetablissement",
    "caractereemployeuretablissement", "activiteprincipaleetablissement", "etablissementsiege",
    "datecreationetablissement",
)
UNITE_LEGALE_READ = (
    "siren", "denominationunitelegale", "denominationusuelle1unitelegale", "prenomusuelunitelegale",
    "prenom1unitelegale", "nomusageunitelegale", "nomunitelegale", "sigleunitelegale",
    "categoriejuridiqueunitelegale", "activiteprincipaleunitelegale", "trancheeffectifsunitelegale",
    "economiesocialesolidaireunitelegale", "societemissionunitelegale", "identifiantassociationunitelegale",
    "nicsiegeunitelegale", "etatadministratifunitelegale",
)
_BANDS = set(HeadcountBand.values)
NON_EMPLOYER_BANDS = {"", "NN", "00"}


@dataclass(frozen=True)
class Establishment:
    siren: str
    siret: str
    commune_code: str
    postal_code: str
    address: str
    name: str
    naf_code: str
    headcount_band: str
    is_head_office: bool
    is_active: bool
    is_employer: bool
    created_on: datetime.date | None


@dataclass(frozen=True)
class LegalUnit:
    siren: str
    name: str
    short_name: str
    legal_category: str
    naf_code: str
    headcount_band: str
    is_ess: bool
    is_societe_a_mission: bool
    rna_id: str
    head_office_nic: str
    is_active: bool


_DOUBLED = str.maketrans("0123456789", "0246813579")


def _luhn_valid(number: str) -> bool:
    # From the right, every second digit is doubled and its digits summed ("7" → 14 → 5): the
    # translation table does both; the digits' codes are summed as bytes.
    return (sum(number[-1::-2].encode()) + sum(number[-2::-2].translate(_DOUBLED).encode())
            - 48 * len(number)) % 10 == 0


def siret_is_valid(siret: str) -> bool:
    """`stdnum.fr.siret.is_valid`, several times faster for the plain 14-digit SIRETs of INSEE's
    files (11 µs per line of the national stock with stdnum); anything else goes to stdnum."""
    if len(siret) != 14 or not siret.isascii() or not siret.isdigit():
        return stdnum_siret.is_valid(siret)
    if siret.startswith("356000000") and siret != "35600000000048":
        # La Poste's establishments: the sum of the digits is a multiple of 5 (stdnum's rule).
        valid = (sum(siret.encode()) - 48 * 14) % 5 == 0
    else:
        valid = _luhn_valid(siret)
    return valid and _luhn_valid(siret[:9])


def check_header(header: list[str], required: tuple[str, ...], label: str) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise RowError(f"colonnes obligatoires absentes du fichier {label} : " + ", ".join(missing))


def departement_of(commune_code: str) -> str:
    return commune_code[:3] if commune_code.startswith("97") else commune_code[:2]


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _band(value: str) -> str:
    value = (value or "").strip()
    return value if value in _BANDS else ""


def parse_establishment(row: dict[str, str]) -> Establishment:
    if "__width__" in row:
        raise RowError(f"nombre de champs incorrect ({row['__width__']})")
    get = row.get
    siret = (get("siret") or "").strip()
    if not siret_is_valid(siret):
        raise RowError(f"SIRET « {siret} » invalide")
    address = " ".join(" ".join((get(c) or "").split()) for c in (
        "complementadresseetablissement", "numerovoieetablissement", "indicerepetitionetablissement",
        "typevoieetablissement", "libellevoieetablissement", "distributionspecialeetablissement") if get(c))
    name = next((" ".join(get(c).split()) for c in ("denominationusuelleetablissement", "enseigne1etablissement")
                 if (get(c) or "").strip()), "")
    band = _band(get("trancheeffectifsetablissement", ""))
    employer = (get("caractereemployeuretablissement") or "").strip()
    return Establishment(
        siren=siret[:9], siret=siret, commune_code=(get("codecommuneetablissement") or "").strip().upper(),
        postal_code=(get("codepostaletablissement") or "").strip()[:5], address=address, name=name[:400],
        naf_code=(get("activiteprincipaleetablissement") or "").strip()[:6], headcount_band=band,
        is_head_office=(get("etablissementsiege") or "").strip().lower() == "true",
        is_active=(get("etatadministratifetablissement") or "").strip() == "A",
        is_employer=employer == "O" if employer else band not in NON_EMPLOYER_BANDS,
        created_on=_date(get("datecreationetablissement") or ""),
    )


def parse_legal_unit(row: dict[str, str]) -> LegalUnit:
    get = row.get
    name = next((" ".join(get(c).split()) for c in ("denominationunitelegale", "denominationusuelle1unitelegale")
                 if (get(c) or "").strip()), "")
    if not name:  # a sole trader: first name and name
        name = " ".join(filter(None, [(get("prenomusuelunitelegale") or get("prenom1unitelegale") or "").strip(),
                                      (get("nomusageunitelegale") or get("nomunitelegale") or "").strip()]))
    return LegalUnit(
        siren=(get("siren") or "").strip(), name=name[:400], short_name=(get("sigleunitelegale") or "").strip()[:200],
        legal_category=(get("categoriejuridiqueunitelegale") or "").strip()[:4],
        naf_code=(get("activiteprincipaleunitelegale") or "").strip()[:6],
        headcount_band=_band(get("trancheeffectifsunitelegale", "")),
        is_ess=(get("economiesocialesolidaireunitelegale") or "").strip() == "O",
        is_societe_a_mission=(get("societemissionunitelegale") or "").strip() == "O",
        rna_id=(get("identifiantassociationunitelegale") or "").strip().upper(),
        head_office_nic=(get("nicsiegeunitelegale") or "").strip(),
        is_active=(get("etatadministratifunitelegale") or "A").strip() != "C",
    )


def kind_of(legal_category: str, is_ess: bool) -> str:
    """Organisation type from the INSEE legal category (catégorie juridique) and ESS flag."""
    if legal_category.startswith("92"):
        return OrganisationKind.ASSOCIATION
    if legal_category in ("9300", "9220") or legal_category.startswith("93"):
        return OrganisationKind.FONDATION
    if legal_category.startswith("72"):
        return OrganisationKind.COLLECTIVITE
    if legal_category[:2] in ("71", "73", "74"):
        return OrganisationKind.PUBLIC
    if is_ess:
        return OrganisationKind.ESS
    return OrganisationKind.ENTREPRISE
