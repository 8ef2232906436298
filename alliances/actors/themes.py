"""Built-in theme labels: the RNA social-object families and the NAF sections.

The 29 labelled families of the official RNA nomenclature are built in so that the
directory reads well before `alliances import_rna_nomenclature` loads the detailed
labels. (The official file lists 31 parent ids: 033000 and 037000 have no label and
their children belong, by their first three digits, to 032 « Logement » and
036 « Sécurité, protection civile ».)
"""

from __future__ import annotations

RNA_FAMILIES: dict[str, str] = {
    "001000": "Activités politiques",
    "002000": "Clubs, cercles de réflexion",
    "003000": "Défense de droits fondamentaux, activités civiques",
    "004000": "Justice",
    "005000": "Information, communication",
    "006000": "Culture, pratiques d'activités artistiques, pratiques culturelles",
    "007000": "Clubs de loisirs, relations",
    "009000": "Action socioculturelle",
    "010000": "Préservation du patrimoine",
    "011000": "Sports, activités de plein air",
    "013000": "Chasse, pêche",
    "014000": "Amicales, groupements affinitaires, groupements d'entraide",
    "015000": "Éducation, formation",
    "016000": "Recherche",
    "017000": "Santé",
    "018000": "Services et établissements médico-sociaux",
    "019000": "Interventions sociales",
    "020000": "Associations caritatives, humanitaires, aide au développement, bénévolat",
    "021000": "Services familiaux, services aux personnes âgées",
    "022000": "Conduite d'activités économiques",
    "023000": "Représentation, promotion et défense d'intérêts économiques",
    "024000": "Environnement, cadre de vie",
    "030000": "Aide à l'emploi, développement local, solidarités économiques, vie locale",
    "032000": "Logement",
    "034000": "Tourisme",
    "036000": "Sécurité, protection civile",
    "038000": "Armée, anciens combattants",
    "040000": "Activités religieuses, spirituelles ou philosophiques",
    "050000": "Domaines divers",
}

# NAF rév. 2 sections (code "NAF-A"…), and the division (2 first digits) → section table.
NAF_SECTIONS: dict[str, str] = {
    "A": "Agriculture, sylviculture et pêche",
    "B": "Industries extractives",
    "C": "Industrie manufacturière",
    "D": "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné",
    "E": "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution",
    "F": "Construction",
    "G": "Commerce ; réparation d'automobiles et de motocycles",
    "H": "Transports et entreposage",
    "I": "Hébergement et restauration",
    "J": "Information et communication",
    "K": "Activités financières et d'assurance",
    "L": "Activités immobilières",
    "M": "Activités spécialisées, scientifiques et techniques",
    "N": "Activités de services administratifs et de soutien",
    "O": "Administration publique",
    "P": "Enseignement",
    "Q": "Santé humaine et action sociale",
    "R": "Arts, spectacles et activités récréatives",
    "S": "Autres activités de services",
    "T": "Activités des ménages en tant qu'employeurs",
    "U": "Activités extra-territoriales",
}

_DIVISION_RANGES = [
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
]
NAF_DIVISION_SECTION: dict[int, str] = {
    division: section for section, low, high in _DIVISION_RANGES for division in range(low, high + 1)
}


def rna_family_code(code: str) -> str | None:
    """Return the family code (`017000`) of an RNA social-object code, or None for empty/unknown."""
    code = (code or "").strip()
    if len(code) != 6 or not code.isdigit() or code == "000000":
        return None
    return code[:3] + "000"


def naf_section(naf_code: str) -> str | None:
    """Return the NAF section letter of a code such as `94.99Z` or `9499Z`, or None."""
    digits = (naf_code or "").strip()[:2]
    if not digits.isdigit():
        return None
    return NAF_DIVISION_SECTION.get(int(digits))


def naf_theme_code(section: str) -> str:
    return f"NAF-{section}"
