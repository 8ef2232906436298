"""Parse SIRENE stock files (INSEE): `StockEtablissement_utf8.csv` and `StockUniteLegale_utf8.csv`.

Columns are read by header name (the files gained columns over time); headers are
compared in lower case.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from stdnum.fr import siret as stdnum_siret

from alliances.actors.enums import HeadcountBand, OrganisationKind
from alliances.actors.importers.rna import RowError

ETABLISSEMENT_COLUMNS = ("siren", "siret", "codecommuneetablissement", "etatadministratifetablissement")
UNITE_LEGALE_COLUMNS = ("siren", "categoriejuridiqueunitelegale")
# Columns read from each line (a national line has 48 or 53), in the order establishment_of and
# legal_unit_of unpack them: the import takes only these values of each line (CsvFile.fields_of).
ETABLISSEMENT_READ = (
    "siren",
    "siret",
    "codecommuneetablissement",
    "codepostaletablissement",
    "etatadministratifetablissement",
    "complementadresseetablissement",
    "numerovoieetablissement",
    "indicerepetitionetablissement",
    "typevoieetablissement",
    "libellevoieetablissement",
    "distributionspecialeetablissement",
    "denominationusuelleetablissement",
    "enseigne1etablissement",
    "trancheeffectifsetablissement",
    "caractereemployeuretablissement",
    "activiteprincipaleetablissement",
    "etablissementsiege",
    "datecreationetablissement",
)
UNITE_LEGALE_READ = (
    "siren",
    "denominationunitelegale",
    "denominationusuelle1unitelegale",
    "prenomusuelunitelegale",
    "prenom1unitelegale",
    "nomusageunitelegale",
    "nomunitelegale",
    "sigleunitelegale",
    "categoriejuridiqueunitelegale",
    "activiteprincipaleunitelegale",
    "trancheeffectifsunitelegale",
    "economiesocialesolidaireunitelegale",
    "societemissionunitelegale",
    "identifiantassociationunitelegale",
    "nicsiegeunitelegale",
    "etatadministratifunitelegale",
)
_BANDS = set(HeadcountBand.values)
NON_EMPLOYER_BANDS = {"", "NN", "00"}


# NamedTuples, not frozen dataclasses: built for each of 3 million lines, a frozen dataclass cost
# 2 µs (one object.__setattr__ per field) and had to be turned back into a tuple to cross to the
# writing process. Same fields in the same order: `tuple(establishment)` is what
# `tuple(dataclass.__dict__.values())` was, hence the same fingerprints.
class Establishment(NamedTuple):
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


class LegalUnit(NamedTuple):
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


# Luhn: from the right, every second digit is doubled and its digits summed ("7" → 14 → 5): this
# table does both on the ASCII codes, which are then summed (48 is the code of "0").
_DOUBLED = bytes.maketrans(b"0123456789", b"0246813579")


def siret_is_valid(siret: str) -> bool:
    """`stdnum.fr.siret.is_valid`, many times faster for the plain 14-digit SIRETs of INSEE's
    files (11 µs per line of the national stock with stdnum, 0.85 µs here); anything else goes to
    stdnum."""
    if len(siret) != 14 or not siret.isascii() or not siret.isdigit():
        return stdnum_siret.is_valid(siret)
    digits = siret.encode()
    even, odd = digits[0::2], digits[1::2]
    if siret.startswith("356000000") and siret != "35600000000048":
        # La Poste's establishments: the sum of the digits is a multiple of 5 (stdnum's rule).
        valid = (sum(digits) - 48 * 14) % 5 == 0
    else:  # 14 digits: those at even indexes are doubled
        valid = (sum(even.translate(_DOUBLED)) + sum(odd) - 48 * 14) % 10 == 0
    # The SIREN, its first 9 digits: there those at odd indexes are doubled.
    return valid and (sum(odd[:4].translate(_DOUBLED)) + sum(even[:5]) - 48 * 9) % 10 == 0


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
    """An establishment from a line as a dict keyed by (lower-case) column name."""
    problem = row.get("__unreadable__") or int(row.get("__width__", 0))
    return establishment_of(tuple(row.get(column) or "" for column in ETABLISSEMENT_READ), problem)


def parse_legal_unit(row: dict[str, str]) -> LegalUnit:
    """A legal unit from a line as a dict keyed by (lower-case) column name."""
    return legal_unit_of(tuple(row.get(column) or "" for column in UNITE_LEGALE_READ))


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _address(parts: tuple[str, ...]) -> str:
    """The non-empty parts, each with its whitespace collapsed, joined by a space."""
    address = " ".join(filter(None, parts))
    # Nearly always the parts are clean: then collapsing the whole is the same and costs one split.
    # Otherwise part by part, as always (a blank part still adds its space: fingerprints keep it).
    if _collapsed(address) == address:
        return address
    return " ".join(_collapsed(part) for part in parts if part)


# A NamedTuple's __new__ is a Python function: tuple.__new__ on the class builds the same object
# without calling it (0.3 µs less for each of 3 million establishments and as many legal units).
_new = tuple.__new__


def establishment_of(fields: tuple[str, ...], wrong_width: int | str = 0) -> Establishment:
    """An establishment from the values of ETABLISSEMENT_READ in that order ("" for a column the
    file lacks), as CsvFile.fields_of reads them without a dict per line; `wrong_width`: the
    line's field count when it is not the header's, or why the reader refused it (the line is
    rejected)."""
    if wrong_width:
        raise RowError(wrong_width if isinstance(wrong_width, str) else f"nombre de champs incorrect ({wrong_width})")
    (
        _siren,
        siret,
        commune,
        postal_code,
        state,
        complement,
        number,
        repetition,
        street_type,
        street,
        special,
        usual_name,
        sign,
        band,
        employer,
        naf,
        head,
        created,
    ) = fields
    siret = siret.strip()
    if not siret_is_valid(siret):
        raise RowError(f"SIRET « {siret} » invalide")
    band = band.strip()  # _band, inline (3 million calls)
    if band not in _BANDS:
        band = ""
    employer = employer.strip()
    return _new(
        Establishment,
        (
            siret[:9],
            siret,
            commune.strip().upper(),
            postal_code.strip()[:5],
            _address((complement, number, repetition, street_type, street, special)),
            (" ".join(usual_name.split()) or " ".join(sign.split()))[:400],
            naf.strip()[:6],
            band,
            head.strip().lower() == "true",
            state.strip() == "A",
            employer == "O" if employer else band not in NON_EMPLOYER_BANDS,
            _date(created),
        ),
    )


def legal_unit_of(fields: tuple[str, ...]) -> LegalUnit:
    """A legal unit from the values of UNITE_LEGALE_READ in that order (see establishment_of)."""
    (
        siren,
        name,
        usual_name,
        usual_first_name,
        first_name,
        used_name,
        last_name,
        acronym,
        category,
        naf,
        band,
        ess,
        mission,
        rna_id,
        head_office_nic,
        state,
    ) = fields
    name = _collapsed(name) or _collapsed(usual_name)
    if not name:  # a sole trader: first name and name
        name = " ".join(filter(None, [(usual_first_name or first_name).strip(), (used_name or last_name).strip()]))
    return _new(
        LegalUnit,
        (
            siren.strip(),
            name[:400],
            acronym.strip()[:200],
            category.strip()[:4],
            naf.strip()[:6],
            _band(band),
            ess.strip() == "O",
            mission.strip() == "O",
            rna_id.strip().upper(),
            head_office_nic.strip(),
            (state or "A").strip() != "C",
        ),
    )


def kind_of(legal_category: str, is_ess: bool) -> OrganisationKind:
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
