"""Write the official register files of the synthetic dataset, so the real importers read them.

- RNA *waldec* (`rna_waldec_<date>_dpt_XX.csv` layout: 39 columns, `;`, every field quoted, UTF-8);
- SIRENE `StockEtablissement_utf8.csv` (53 columns) and `StockUniteLegale_utf8.csv` (34 columns),
  `,`-separated as INSEE publishes them; SIREN and SIRET carry a valid Luhn key.

Every name is invented (words drawn from fixed lists, "exemple fictif" is added by the
import step that flags the rows `is_demo`); only the communes are real.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from stdnum import luhn

from bench.scale.distributions import (
    HEADCOUNT_BANDS,
    LEGAL_CATEGORIES,
    NAF_SECTIONS,
    RNA_FAMILY_COUNTS,
    RNA_NO_SECOND_OBJECT,
    RNA_POSITIONS,
    RNA_UNKNOWN_DATE,
)

WALDEC_HEADER = (
    "id;id_ex;siret;rup_mi;gestion;date_creat;date_decla;date_publi;date_disso;nature;groupement;titre;"
    "titre_court;objet;objet_social1;objet_social2;adrs_complement;adrs_numvoie;adrs_repetition;adrs_typevoie;"
    "adrs_libvoie;adrs_distrib;adrs_codeinsee;adrs_codepostal;adrs_libcommune;adrg_declarant;adrg_complemid;"
    "adrg_complemgeo;adrg_libvoie;adrg_distrib;adrg_codepostal;adrg_achemine;adrg_pays;dir_civilite;siteweb;"
    "publiweb;observation;position;maj_time"
).split(";")
ETABLISSEMENT_HEADER = (
    "siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,trancheEffectifsEtablissement,"
    "anneeEffectifsEtablissement,activitePrincipaleRegistreMetiersEtablissement,dateDernierTraitementEtablissement,"
    "etablissementSiege,nombrePeriodesEtablissement,complementAdresseEtablissement,numeroVoieEtablissement,"
    "indiceRepetitionEtablissement,dernierNumeroVoieEtablissement,indiceRepetitionDernierNumeroVoieEtablissement,"
    "typeVoieEtablissement,libelleVoieEtablissement,codePostalEtablissement,libelleCommuneEtablissement,"
    "libelleCommuneEtrangerEtablissement,distributionSpecialeEtablissement,codeCommuneEtablissement,"
    "codeCedexEtablissement,libelleCedexEtablissement,codePaysEtrangerEtablissement,libellePaysEtrangerEtablissement,"
    "identifiantAdresseEtablissement,coordonneeLambertAbscisseEtablissement,coordonneeLambertOrdonneeEtablissement,"
    "complementAdresse2Etablissement,numeroVoie2Etablissement,indiceRepetition2Etablissement,typeVoie2Etablissement,"
    "libelleVoie2Etablissement,codePostal2Etablissement,libelleCommune2Etablissement,"
    "libelleCommuneEtranger2Etablissement,distributionSpeciale2Etablissement,codeCommune2Etablissement,"
    "codeCedex2Etablissement,libelleCedex2Etablissement,codePaysEtranger2Etablissement,"
    "libellePaysEtranger2Etablissement,dateDebut,etatAdministratifEtablissement,enseigne1Etablissement,"
    "enseigne2Etablissement,enseigne3Etablissement,denominationUsuelleEtablissement,"
    "activitePrincipaleEtablissement,nomenclatureActivitePrincipaleEtablissement,caractereEmployeurEtablissement"
).split(",")
UNITE_LEGALE_HEADER = (
    "siren,statutDiffusionUniteLegale,unitePurgeeUniteLegale,dateCreationUniteLegale,sigleUniteLegale,"
    "sexeUniteLegale,prenom1UniteLegale,prenom2UniteLegale,prenom3UniteLegale,prenom4UniteLegale,"
    "prenomUsuelUniteLegale,pseudonymeUniteLegale,identifiantAssociationUniteLegale,trancheEffectifsUniteLegale,"
    "anneeEffectifsUniteLegale,dateDernierTraitementUniteLegale,nombrePeriodesUniteLegale,"
    "categorieEntrepriseUniteLegale,anneeCategorieEntrepriseUniteLegale,dateDebut,etatAdministratifUniteLegale,"
    "nomUniteLegale,nomUsageUniteLegale,denominationUniteLegale,denominationUsuelle1UniteLegale,"
    "denominationUsuelle2UniteLegale,denominationUsuelle3UniteLegale,categorieJuridiqueUniteLegale,"
    "activitePrincipaleUniteLegale,nomenclatureActivitePrincipaleUniteLegale,nicSiegeUniteLegale,"
    "economieSocialeSolidaireUniteLegale,societeMissionUniteLegale,caractereEmployeurUniteLegale"
).split(",")

ASSOCIATION_WORDS = (
    "amicale club comité foyer rural sportif culturel jeunes anciens parents élèves amis patrimoine musique "
    "danse théâtre randonnée football tennis pétanque chasse pêche solidarité entraide environnement jardins "
    "nature quartier village vallée causse montagne école loisirs festival santé handicap emploi insertion "
    "formation éducation populaire commerçants artisans"
).split()
OBJECT_WORDS = (
    "promouvoir développer organiser favoriser soutenir animer la pratique du sport de la culture des activités "
    "pour les habitants de la commune et des environs en lien avec les associations locales sensibiliser le "
    "public à la protection de l'environnement accompagner les personnes âgées isolées aider à l'insertion "
    "professionnelle des jeunes"
).split()
COMPANY_TRADES = (
    "BOULANGERIE PATISSERIE MENUISERIE PLOMBERIE GARAGE TRANSPORTS CABINET PHARMACIE "
    "EPICERIE CONSEIL IMMOBILIER ELECTRICITE MACONNERIE RESTAURANT FERME SCIERIE"
).split()
SURNAMES = (
    "MARTIN BERNARD DUBOIS THOMAS ROBERT RICHARD PETIT DURAND LEROY MOREAU SIMON LAURENT LEFEBVRE "
    "MICHEL GARCIA DAVID BERTRAND ROUX VINCENT FOURNIER MOREL GIRARD ANDRE MERCIER BLANC GUERIN "
    "BOYER CHEVALIER FRANCOIS ROCHE"
).split()
FIRST_NAMES = "JEAN MARIE PIERRE ANNE LUC CLAIRE PAUL SOPHIE HUGO LEA NICOLAS JULIE".split()
VOIES = ["RUE", "AV", "PL", "CHE", "BD", "IMP", "RTE", "ALL"]
STREETS = "DE LA MAIRIE|DU MOULIN|DE L EGLISE|DES ECOLES|DU STADE|DE LA GARE|DES JARDINS|DU PONT".split("|")


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    postal_code: str
    population: int

    @property
    def departement(self) -> str:
        return self.code[:3] if self.code.startswith("97") else self.code[:2]

    @property
    def greffe(self) -> str:
        """RNA registry code of the département (3 characters: 481 for Lozère, 971 Guadeloupe)."""
        return self.departement if len(self.departement) == 3 else self.departement + "1"


def _weighted(rng: random.Random, table: list[tuple[str, float]], k: int) -> list[str]:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table], k=k)


def rna_rows(communes: Iterable[tuple[Commune, int]], seed: int) -> Iterator[list[str]]:
    """The waldec lines: for each commune, its number of associations."""
    rng = random.Random(f"{seed}-rna")
    families = list(RNA_FAMILY_COUNTS.items())
    positions = list(RNA_POSITIONS.items())
    sequence: dict[str, int] = {}
    index = {name: i for i, name in enumerate(WALDEC_HEADER)}
    for commune, count in communes:
        for family, position in zip(_weighted(rng, families, count), _weighted(rng, positions, count), strict=True):
            number = sequence[commune.greffe] = sequence.get(commune.greffe, 0) + 1
            year = rng.randint(1950, 2024)
            created = (
                "0001-01-01"
                if rng.random() < RNA_UNKNOWN_DATE
                else f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            )
            title = " ".join(rng.choices(ASSOCIATION_WORDS, k=rng.randint(2, 5))).upper()
            title = f"ASSOCIATION {title} DE {commune.name.upper()}"[:250]
            first = "000000" if family == "000" else f"{family}{rng.choice(['000', '010', '020', '030'])}"
            second = "000000" if rng.random() < RNA_NO_SECOND_OBJECT else f"{rng.choice(families)[0]}000"
            row = [""] * len(WALDEC_HEADER)
            values = {
                "id": f"W{commune.greffe}{number:06d}",
                "gestion": f"{commune.greffe}P",
                "date_creat": created,
                "date_decla": created,
                "date_publi": created,
                "date_disso": f"{min(year + rng.randint(1, 20), 2024)}-06-30" if position == "D" else "0001-01-01",
                "nature": "D",
                "groupement": "S",
                "titre": title,
                "titre_court": title.split(" DE ")[0][12:40] if rng.random() < 0.2 else "",
                "objet": " ".join(rng.choices(OBJECT_WORDS, k=rng.randint(8, 40))),
                "objet_social1": first,
                "objet_social2": "000000" if second.startswith("000") else second,
                "adrs_numvoie": str(rng.randint(1, 120)),
                "adrs_typevoie": rng.choice(VOIES),
                "adrs_libvoie": rng.choice(STREETS),
                "adrs_codeinsee": commune.code,
                "adrs_codepostal": commune.postal_code,
                "adrs_libcommune": commune.name.upper(),
                "adrg_pays": "FRANCE",
                "dir_civilite": "PM",
                "publiweb": "0",
                "position": position,
                "maj_time": f"{rng.randint(2009, 2024)}-{rng.randint(1, 12):02d}-01 10:00:00",
            }
            for name, value in values.items():
                row[index[name]] = value
            yield row


def write_rna(path: Path, communes: list[tuple[Commune, int]], seed: int) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(";".join(f'"{c}"' for c in WALDEC_HEADER) + "\n")
        buffer = []
        for row in rna_rows(communes, seed):
            buffer.append(";".join('"' + v.replace('"', '""') + '"' for v in row))
            count += 1
            if len(buffer) >= 10_000:
                out.write("\n".join(buffer) + "\n")
                buffer = []
        if buffer:
            out.write("\n".join(buffer) + "\n")
    return count


def siren_of(number: int) -> str:
    base = f"{number:08d}"
    return base + luhn.calc_check_digit(base)


def siret_of(siren: str, nic: int) -> str:
    base = f"{siren}{nic:04d}"
    return base + luhn.calc_check_digit(base)


def write_sirene(
    etablissements: Path,
    unites_legales: Path,
    communes: list[tuple[Commune, int]],
    seed: int,
    rna_ids: dict[str, list[str]] | None = None,
) -> tuple[int, int]:
    """Write both stock files; return (establishments, legal units).

    Most legal units have one establishment (the head office), some two or three in the same
    commune; associations (category 9220) point at an RNA id of their commune when one exists,
    so that the importer joins them with the RNA record as it does with the real files.
    """
    rng = random.Random(f"{seed}-sirene")
    sections = [(s, share) for s, (share, _) in NAF_SECTIONS.items()]
    categories = [(c, share) for c, share, _ in LEGAL_CATEGORIES]
    ess = {c for c, _, is_ess in LEGAL_CATEGORIES if is_ess}
    etab_index = {name: i for i, name in enumerate(ETABLISSEMENT_HEADER)}
    ul_index = {name: i for i, name in enumerate(UNITE_LEGALE_HEADER)}
    rna_ids = rna_ids or {}
    number = 30_000_000
    n_etab = n_ul = 0
    with (
        etablissements.open("w", encoding="utf-8", newline="") as etab_file,
        unites_legales.open("w", encoding="utf-8", newline="") as ul_file,
    ):
        etab_out, ul_out = csv.writer(etab_file, lineterminator="\n"), csv.writer(ul_file, lineterminator="\n")
        etab_out.writerow(ETABLISSEMENT_HEADER)
        ul_out.writerow(UNITE_LEGALE_HEADER)
        for commune, count in communes:
            associations = list(rna_ids.get(commune.code, []))
            made = 0
            while made < count:
                number += 1
                siren = siren_of(number)
                section = _weighted(rng, sections, 1)[0]
                naf = rng.choice(NAF_SECTIONS[section][1])
                category = _weighted(rng, categories, 1)[0]
                size = min(count - made, 1 if rng.random() < 0.85 else rng.randint(2, 3))
                active = rng.random() > 0.08
                band = _weighted(rng, HEADCOUNT_BANDS, 1)[0]
                year = rng.randint(1970, 2024)
                created = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                if category == "1000":
                    name, first = rng.choice(SURNAMES), rng.choice(FIRST_NAMES)
                    denomination = ""
                else:
                    name = first = ""
                    denomination = f"{rng.choice(COMPANY_TRADES)} {rng.choice(SURNAMES)} {commune.name.upper()}"[:120]
                rna_id = associations.pop() if category == "9220" and associations else ""
                ul = [""] * len(UNITE_LEGALE_HEADER)
                for key, value in {
                    "siren": siren,
                    "statutDiffusionUniteLegale": "O",
                    "dateCreationUniteLegale": created,
                    "identifiantAssociationUniteLegale": rna_id,
                    "trancheEffectifsUniteLegale": band,
                    "dateDebut": created,
                    "etatAdministratifUniteLegale": "A" if active else "C",
                    "nomUniteLegale": name,
                    "prenom1UniteLegale": first,
                    "prenomUsuelUniteLegale": first,
                    "denominationUniteLegale": denomination,
                    "categorieJuridiqueUniteLegale": category,
                    "activitePrincipaleUniteLegale": naf,
                    "nomenclatureActivitePrincipaleUniteLegale": "NAFRev2",
                    "nicSiegeUniteLegale": siret_of(siren, 1)[9:],
                    "economieSocialeSolidaireUniteLegale": "O" if category in ess else "N",
                    "societeMissionUniteLegale": "O" if category == "5710" and rng.random() < 0.02 else "N",
                    "caractereEmployeurUniteLegale": "N" if band in ("NN", "00") else "O",
                }.items():
                    ul[ul_index[key]] = value
                ul_out.writerow(ul)
                n_ul += 1
                for nic in range(1, size + 1):
                    siret = siret_of(siren, nic)
                    row = [""] * len(ETABLISSEMENT_HEADER)
                    for key, value in {
                        "siren": siren,
                        "nic": siret[9:],
                        "siret": siret,
                        "statutDiffusionEtablissement": "O",
                        "dateCreationEtablissement": created,
                        "trancheEffectifsEtablissement": band,
                        "anneeEffectifsEtablissement": "2022" if band != "NN" else "",
                        "dateDernierTraitementEtablissement": "2024-06-01T00:00:00",
                        "etablissementSiege": "true" if nic == 1 else "false",
                        "nombrePeriodesEtablissement": "1",
                        "numeroVoieEtablissement": str(rng.randint(1, 120)),
                        "typeVoieEtablissement": rng.choice(VOIES),
                        "libelleVoieEtablissement": rng.choice(STREETS),
                        "codePostalEtablissement": commune.postal_code,
                        "libelleCommuneEtablissement": commune.name.upper(),
                        "codeCommuneEtablissement": commune.code,
                        "dateDebut": created,
                        "etatAdministratifEtablissement": "A" if active else "F",
                        "enseigne1Etablissement": denomination.split(" ")[0] if denomination and nic > 1 else "",
                        "activitePrincipaleEtablissement": naf,
                        "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
                        "caractereEmployeurEtablissement": "N" if band in ("NN", "00") else "O",
                    }.items():
                        row[etab_index[key]] = value
                    etab_out.writerow(row)
                    n_etab += 1
                made += size
    return n_etab, n_ul
