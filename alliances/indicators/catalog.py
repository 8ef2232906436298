"""The indicators the platform knows: label, unit, direction, source, definition, aggregation.

Kept in code (reviewed like code) and copied into the `Indicator` table by every import, so
that the API and pages read one place. Columns are the official ones without their year
suffix (`MED21` → `MED`, `P22_POP` → `P_POP`), the importers add the year they detect.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from alliances.indicators.enums import Aggregation, Direction, Source


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    label: str
    unit: str
    source: str
    definition: str
    direction: str = Direction.NEUTRAL
    aggregation: str = Aggregation.SUM
    numerator: str = ""
    denominator: str = ""  # or the weight of a WEIGHTED rate
    scale: float = 1.0
    decimals: int = 0
    sdgs: tuple[int, ...] = ()
    key: bool = False  # shown among the key figures of the portrait
    theme: str = ""
    order: int = 0
    extra: dict = field(default_factory=dict)


F, C, D = Source.FILOSOFI, Source.COMPARATEUR, Source.DENSITE
HB, HW = Direction.HIGHER_BETTER, Direction.HIGHER_WORSE

INDICATORS: list[IndicatorDef] = [
    # --- Revenus et pauvreté (Filosofi) ---
    IndicatorDef(
        "menages_fiscaux",
        "Ménages fiscaux",
        "nombre",
        F,
        "Nombre de ménages fiscaux (foyers fiscaux d'un même logement).",
        theme="revenus",
    ),
    IndicatorDef(
        "personnes_menages_fiscaux",
        "Personnes des ménages fiscaux",
        "nombre",
        F,
        "Nombre de personnes vivant dans les ménages fiscaux.",
        theme="revenus",
    ),
    IndicatorDef(
        "niveau_vie_median",
        "Niveau de vie médian",
        "EUR",
        F,
        "Médiane du revenu disponible par unité de consommation : la moitié des personnes "
        "vit avec moins, l'autre moitié avec plus (euros par an).",
        direction=HB,
        aggregation=Aggregation.NONE,
        sdgs=(1, 10),
        key=True,
        theme="revenus",
        order=10,
    ),
    IndicatorDef(
        "taux_pauvrete",
        "Taux de pauvreté",
        "%",
        F,
        "Part des personnes dont le niveau de vie est inférieur à 60 % du niveau de vie médian national.",
        direction=HW,
        aggregation=Aggregation.WEIGHTED,
        denominator="personnes_menages_fiscaux",
        scale=100,
        decimals=1,
        sdgs=(1, 10),
        key=True,
        theme="revenus",
        order=11,
    ),
    IndicatorDef(
        "part_menages_imposes",
        "Part des ménages fiscaux imposés",
        "%",
        F,
        "Part des ménages fiscaux qui paient l'impôt sur le revenu.",
        aggregation=Aggregation.WEIGHTED,
        denominator="menages_fiscaux",
        scale=100,
        decimals=1,
        key=True,
        theme="revenus",
        order=12,
    ),
    IndicatorDef(
        "decile_1",
        "1er décile du niveau de vie",
        "EUR",
        F,
        "Niveau de vie en dessous duquel vivent les 10 % des personnes les plus modestes.",
        direction=HB,
        aggregation=Aggregation.NONE,
        theme="revenus",
        order=13,
    ),
    IndicatorDef(
        "decile_9",
        "9e décile du niveau de vie",
        "EUR",
        F,
        "Niveau de vie au-dessus duquel vivent les 10 % des personnes les plus aisées.",
        aggregation=Aggregation.NONE,
        theme="revenus",
        order=14,
    ),
    IndicatorDef(
        "rapport_interdecile",
        "Rapport interdécile",
        "rapport",
        F,
        "Rapport entre le 9e et le 1er décile du niveau de vie : plus il est élevé, plus les revenus sont inégaux.",
        direction=HW,
        aggregation=Aggregation.NONE,
        decimals=1,
        sdgs=(10,),
        key=True,
        theme="revenus",
        order=15,
    ),
    # --- Population (comparateur) ---
    IndicatorDef(
        "population", "Population", "hab", C, "Population municipale au recensement.", theme="population", order=1
    ),
    IndicatorDef(
        "superficie", "Superficie", "km2", C, "Superficie en kilomètres carrés.", decimals=1, theme="population"
    ),
    IndicatorDef(
        "densite",
        "Densité de population",
        "hab/km2",
        C,
        "Nombre d'habitants par kilomètre carré.",
        aggregation=Aggregation.RATIO,
        numerator="population",
        denominator="superficie",
        decimals=1,
        key=True,
        theme="population",
        order=2,
    ),
    IndicatorDef(
        "naissances",
        "Naissances (cumul sur 5 ans)",
        "nombre",
        C,
        "Naissances domiciliées cumulées sur la période indiquée par le millésime.",
        theme="population",
    ),
    IndicatorDef(
        "deces",
        "Décès (cumul sur 5 ans)",
        "nombre",
        C,
        "Décès domiciliés cumulés sur la période indiquée par le millésime.",
        theme="population",
    ),
    IndicatorDef(
        "solde_naturel",
        "Solde naturel (cumul sur 5 ans)",
        "nombre",
        C,
        "Naissances moins décès, cumulés sur cinq ans.",
        theme="population",
        key=True,
        order=3,
    ),
    # --- Logement ---
    IndicatorDef("logements", "Logements", "nombre", C, "Nombre de logements.", theme="logement"),
    IndicatorDef(
        "residences_principales",
        "Résidences principales",
        "nombre",
        C,
        "Logements occupés de façon habituelle.",
        theme="logement",
    ),
    IndicatorDef(
        "residences_secondaires",
        "Résidences secondaires et logements occasionnels",
        "nombre",
        C,
        "Logements utilisés pour les week-ends, les loisirs ou les vacances.",
        theme="logement",
    ),
    IndicatorDef(
        "logements_vacants",
        "Logements vacants",
        "nombre",
        C,
        "Logements inoccupés (à vendre, à louer, en attente, sans affectation).",
        theme="logement",
    ),
    IndicatorDef(
        "proprietaires",
        "Résidences principales occupées par leur propriétaire",
        "nombre",
        C,
        "Ménages propriétaires de leur résidence principale.",
        theme="logement",
    ),
    IndicatorDef(
        "taux_vacance",
        "Taux de logements vacants",
        "%",
        C,
        "Part des logements vacants dans l'ensemble des logements.",
        direction=HW,
        aggregation=Aggregation.RATIO,
        numerator="logements_vacants",
        denominator="logements",
        scale=100,
        decimals=1,
        sdgs=(11,),
        key=True,
        theme="logement",
        order=20,
    ),
    IndicatorDef(
        "part_residences_secondaires",
        "Part des résidences secondaires",
        "%",
        C,
        "Part des résidences secondaires et logements occasionnels dans l'ensemble des logements.",
        aggregation=Aggregation.RATIO,
        numerator="residences_secondaires",
        denominator="logements",
        scale=100,
        decimals=1,
        sdgs=(11,),
        key=True,
        theme="logement",
        order=21,
    ),
    IndicatorDef(
        "part_proprietaires",
        "Part des ménages propriétaires",
        "%",
        C,
        "Part des résidences principales occupées par leur propriétaire.",
        aggregation=Aggregation.RATIO,
        numerator="proprietaires",
        denominator="residences_principales",
        scale=100,
        decimals=1,
        theme="logement",
        order=22,
    ),
    # --- Emploi ---
    IndicatorDef(
        "emplois",
        "Emplois au lieu de travail",
        "nombre",
        C,
        "Nombre d'emplois situés dans le territoire.",
        theme="emploi",
        key=True,
        order=30,
    ),
    IndicatorDef(
        "population_15_64", "Population de 15 à 64 ans", "nombre", C, "Personnes de 15 à 64 ans.", theme="emploi"
    ),
    IndicatorDef(
        "actifs_15_64",
        "Actifs de 15 à 64 ans",
        "nombre",
        C,
        "Personnes de 15 à 64 ans en emploi ou au chômage.",
        theme="emploi",
    ),
    IndicatorDef(
        "chomeurs_15_64",
        "Chômeurs de 15 à 64 ans",
        "nombre",
        C,
        "Chômeurs de 15 à 64 ans au sens du recensement.",
        theme="emploi",
    ),
    IndicatorDef(
        "taux_chomage",
        "Taux de chômage des 15-64 ans",
        "%",
        C,
        "Part des chômeurs parmi les actifs de 15 à 64 ans (au sens du recensement).",
        direction=HW,
        aggregation=Aggregation.RATIO,
        numerator="chomeurs_15_64",
        denominator="actifs_15_64",
        scale=100,
        decimals=1,
        sdgs=(8, 1),
        key=True,
        theme="emploi",
        order=31,
    ),
    IndicatorDef(
        "taux_activite",
        "Taux d'activité des 15-64 ans",
        "%",
        C,
        "Part des actifs (en emploi ou au chômage) parmi les 15-64 ans.",
        direction=HB,
        aggregation=Aggregation.RATIO,
        numerator="actifs_15_64",
        denominator="population_15_64",
        scale=100,
        decimals=1,
        sdgs=(8,),
        key=True,
        theme="emploi",
        order=32,
    ),
    # --- Établissements ---
    IndicatorDef(
        "etablissements",
        "Établissements actifs",
        "nombre",
        C,
        "Établissements actifs (répertoire SIRENE, champ marchand et non marchand).",
        theme="economie",
        key=True,
        order=40,
    ),
    IndicatorDef(
        "etablissements_agriculture",
        "Établissements : agriculture",
        "nombre",
        C,
        "Établissements de l'agriculture, de la sylviculture et de la pêche.",
        theme="economie",
    ),
    IndicatorDef(
        "etablissements_industrie",
        "Établissements : industrie",
        "nombre",
        C,
        "Établissements de l'industrie.",
        theme="economie",
    ),
    IndicatorDef(
        "etablissements_construction",
        "Établissements : construction",
        "nombre",
        C,
        "Établissements de la construction.",
        theme="economie",
    ),
    IndicatorDef(
        "etablissements_commerce_services",
        "Établissements : commerce, transports, services",
        "nombre",
        C,
        "Établissements du commerce, des transports et des services divers.",
        theme="economie",
    ),
    IndicatorDef(
        "etablissements_public_sante",
        "Établissements : administration, enseignement, santé",
        "nombre",
        C,
        "Établissements de l'administration publique, de l'enseignement, de la santé et de l'action sociale.",
        theme="economie",
    ),
    # --- Grille de densité ---
    IndicatorDef(
        "classe_densite",
        "Classe de densité (grille communale)",
        "classe",
        D,
        "Niveau de la grille communale de densité à 7 niveaux : 1 grands centres urbains, "
        "2 centres urbains intermédiaires, 3 ceintures urbaines, 4 petites villes, "
        "5 bourgs ruraux, 6 rural à habitat dispersé, 7 rural à habitat très dispersé.",
        aggregation=Aggregation.NONE,
        theme="population",
    ),
]

BY_CODE = {i.code: i for i in INDICATORS}

# Sectors drawn as a chart of establishments.
SECTORS = [
    ("etablissements_agriculture", "Agriculture"),
    ("etablissements_industrie", "Industrie"),
    ("etablissements_construction", "Construction"),
    ("etablissements_commerce_services", "Commerce, transports, services"),
    ("etablissements_public_sante", "Administration, enseignement, santé"),
]

DENSITY_LABELS = {
    1: "Grands centres urbains",
    2: "Centres urbains intermédiaires",
    3: "Ceintures urbaines",
    4: "Petites villes",
    5: "Bourgs ruraux",
    6: "Rural à habitat dispersé",
    7: "Rural à habitat très dispersé",
}
