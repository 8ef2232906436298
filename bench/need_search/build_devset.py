"""Build `devset.json`, the judged development set of search by need (method: README.md beside this file).

    .venv/bin/python bench/need_search/build_devset.py POOLS.json

POOLS.json gives, for each need, the ids (file line numbers) returned in the first twenty by the
two systems measured when the set was judged (`base`, `hyb`); the judge's own search (PATTERNS)
adds its matches. Each pooled association is graded by the judge's rules written from the need
(RULES: grade 2 when its purpose acts on the need, 1 when partly), then corrected by reading
(OVERRIDES, from reading every association in either system's first ten).
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from alliances.core.text import normalize  # noqa: E402
from bench.need_search.corpus import associations  # noqa: E402
from bench.need_search.pool_patterns import PATTERNS  # noqa: E402

NEEDS = {
    "aines-solitude": "rompre la solitude de nos aînés qui vivent seuls",
    "ordinateur": "aider les gens qui ne savent pas se servir d'un ordinateur",
    "epicerie-cafe": "garder une épicerie et un café ouverts dans le bourg",
    "medecin": "on n'a plus de médecin depuis le départ du docteur",
    "jeunes-mercredi": "occuper les enfants le mercredi et pendant les vacances scolaires",
    "transport": "les personnes sans voiture n'arrivent pas à aller faire leurs courses en ville",
    "chemins-rando": "entretenir et baliser les sentiers autour du village pour les promeneurs",
    "incendie-foret": "prévenir les feux de forêt l'été",
    "nouveaux-habitants": "mieux accueillir les familles qui viennent s'installer chez nous",
    "aide-alimentaire": "des familles n'ont pas de quoi manger à la fin du mois",
    "emploi-insertion": "remettre au travail des chômeurs de longue durée",
    "fete-village": "relancer la fête du village cet été",
    "eglise-patrimoine": "le toit de la chapelle s'effondre, il faut la sauver",
    "natation": "apprendre à nager aux enfants de l'école",
    "ecole": "éviter la fermeture de notre école",
    "circuits-courts": "vendre les produits des fermes du coin directement aux habitants",
    "petite-enfance": "les jeunes parents ne trouvent pas de mode de garde pour leur bébé",
    "handicap": "accompagner les personnes handicapées et leurs familles",
    "riviere-poissons": "la rivière est polluée et les truites disparaissent",
    "tourisme": "attirer plus de visiteurs l'été",
    "sport-foot": "une activité sportive pour les jeunes du canton",
    "concerts-musique": "organiser des concerts dans la salle des fêtes",
    "theatre-enfants": "monter un spectacle avec les enfants",
    "bibliotheque-lecture": "donner le goût des livres aux petits",
    "aide-devoirs": "des collégiens en difficulté qui ont besoin d'aide après la classe",
    "sangliers-chasse": "les sangliers retournent les prairies des éleveurs",
    "violences": "une femme battue par son mari doit pouvoir être protégée",
    "aide-domicile": "permettre aux personnes âgées de rester chez elles le plus longtemps possible",
    "recyclerie": "donner une seconde vie aux meubles et aux objets au lieu de les jeter",
    "energie": "réduire la facture de chauffage des bâtiments communaux",
    "memoire-combattants": "transmettre aux jeunes le souvenir des guerres",
    "refugies-francais": "une famille de réfugiés vient d'arriver et ne parle pas français",
    "ados-lieu": "les ados traînent sur la place et n'ont nulle part où se retrouver",
    "lien-voisins": "recréer du lien entre les habitants du hameau",
}

# need key: (grade-2 regex, grade-1 regex) over the normalised title + purpose + nomenclature labels.
RULES = {
    "aines-solitude": (
        r"\baines?\b|personnes? agees|3e age|3eme age|troisieme age|club (de l.)?amitie|generations mouvement|isolement|personnes isolees|retraites?\b.*(loisirs|rencontre|amitie|club)|club.*retraites?|seniors?|clubs troisieme age",
        r"retraite|anciens\b|intergeneration|visite|lien social|rencontres?\b",
    ),
    "ordinateur": (
        r"informatique|numerique|ordinateur|internet|multimedia|cyber",
        r"technolog|communication|electroni",
    ),
    "epicerie-cafe": (
        r"epicerie|cafe|bistrot|multiple rural|dernier commerce|commerce de proximite|commerces? (du|de la|local|locaux|rural)",
        r"commer|artisan|magasin|boutique|union commerciale|developpement local|dynamis",
    ),
    "medecin": (
        r"maison de sante|sante rurale|centre de sante|centre de soins|desert medical|installation.*(medecin|professionnels de sante)|acces aux soins|permanence des soins|soins infirmiers|medecins? (generalistes?|de campagne)",
        r"medecin|medical|sante|infirmi|pharmac|kine|dispensaire",
    ),
    "jeunes-mercredi": (
        r"centre de loisirs|accueil de loisirs|clsh|loisirs (des|pour les|de l.)? ?(enfants|jeunes)|mercredi|vacances (des|pour les)? ?(enfants|jeunes)|centre aere|colonie|centres? de vacances|foyer rural",
        r"enfan|jeunes|jeunesse|loisirs|scout|periscolaire|ados",
    ),
    "transport": (
        r"transport (a la demande|solidaire|des personnes|rural)|mobilite|covoiturage|navette|chauffeurs? benevoles?|deplacements? des personnes",
        r"transport|vehicule|deplacement|courses|portage",
    ),
    "chemins-rando": (
        r"sentiers?|randonn|balisage|chemins? (de|ruraux|pedestres|de randonnee)|pedestre|\bgr\b",
        r"chemin|marche|promen|nature|paysage|cadre de vie",
    ),
    "incendie-foret": (
        r"incendie|pompiers?|debroussaill|feux? de forets?|dfci|sapeurs",
        r"forest|foret|bois|protection civile|secours",
    ),
    "nouveaux-habitants": (
        r"accueil (des|de) (nouveaux|nouvelles|familles|populations|actifs)|nouveaux (arrivants|habitants)|nouvellement arriv|integration des (familles|nouveaux)|installation (de|des) (familles|nouveaux|populations|jeunes|actifs)|accueil.*installation",
        r"accueil|developpement local|repeupl|logement|attractivite|vie locale|lien social",
    ),
    "aide-alimentaire": (
        r"alimentaire|restos? du coeur|restaurants? du coeur|secours populaire|secours catholique|banque alimentaire|epicerie sociale|emmaus|demunis?|pauvrete|precarite|personnes en difficulte|colis|repas gratuit|distribution de repas",
        r"entraide|solidarit|caritati|humanitaire|secours",
    ),
    "emploi-insertion": (
        r"insertion|chomeurs?|chomage|chantier d.insertion|reinsertion|retour a l.emploi|recherche d.emploi|demandeurs d.emploi|aide aux chomeurs|emploi",
        r"formation|travail|professionnel|economi",
    ),
    "fete-village": (
        r"comite des fetes|comites? d.animation|fete votive|fetes? (du village|locales?|de village)|festivites|foyer rural|comite d.animation",
        r"animation|fete|manifestation|bal\b|loisirs|festiv",
    ),
    "eglise-patrimoine": (
        r"eglise|chapelle|sauvegarde|restauration (du|de|des)|patrimoine (bati|religieux|local|architectural)|monument|clocher|temple|edifice",
        r"patrimoine|histoire|vieilles pierres|vestiges|fondation",
    ),
    "natation": (
        r"natation|piscine|nage|maitre nageur|sauvetage aquatique|apprentissage de la nage",
        r"sport|ecole|baignade|nautique|eau\b",
    ),
    "ecole": (
        r"parents d.eleves|\bape\b|\bapel\b|fcpe|peep|(maintien|fermeture|defense|interets|amis) (de l.|des )ecoles?|ecoles? (publiques?|privees?)|gestion de l.ecole|vie scolaire|regroupement (inter.)?pedagogique|\brpi\b|ogec|sou des ecoles",
        r"ecole|scolaire|education|eleves|college|cantine",
    ),
    "circuits-courts": (
        r"circuits? courts?|vente directe|producteurs? (locaux|fermiers|de|du|bio)|marche (de|des) producteurs|amap|fermiers?|produits (locaux|du terroir|fermiers|agricoles)|magasin de producteurs",
        r"agricult|paysan|terroir|agricole|eleveur|elevage|ferme|alimentation|marche",
    ),
    "petite-enfance": (
        r"creche|petite enfance|assistantes? maternelles?|garderie|halte.garderie|garde (des|d.) ?(jeunes )?enfants|micro.creche|multi.accueil|\bram\b|relais (d.)?assistantes|lieu d.accueil enfants parents",
        r"enfance|enfants|familles|parents|services de garde",
    ),
    "handicap": (
        r"handicap|invalid|apei|adapei|infirmes?|paralys|aveugles?|sourds?|autis|polyhandicap|esat|trisomi|deficien|inadaptes?|\bimc\b|aphasi|malvoyant",
        r"malades?|sante|insertion|readaptation",
    ),
    "riviere-poissons": (
        r"peche|aappma|poissons?|milieu aquatique|truites?|piscicole|qualite de l.eau|protection (de l.|des )?(eau|rivieres?|cours d.eau)|pollution|riverains",
        r"riviere|eau\b|environnement|nature",
    ),
    "tourisme": (
        r"touris|syndicat d.initiative|office de tourisme|visiteurs|accueil touristique|promotion touristique|estivants",
        r"gite|hebergement|camping|patrimoine|valorisation|promotion|developpement local|loisirs|rando",
    ),
    "sport-foot": (
        r"(sport|football|rugby|basket|hand|tennis|judo|gym|athlet|cyclis|omnisport|ski|escalade|natation|volley|karate|danse).*(jeunes|enfants|ecole|scolaire|junior|ecoles|jeunesse)|(jeunes|enfants|jeunesse|ecole|scolaire|usep|ugsel|unss).*(sport|football|rugby|basket|tennis|judo|gym|athlet)|\busep\b|\bunss\b|\bugsel\b|ecole de (foot|rugby|ski|judo|sport)|sport scolaire|association sportive",
        r"sport|football|rugby|basket|tennis|judo|gym|athlet|cyclis|omnisport|ski\b|escalade|volley|karate|boules|petanque|plein air",
    ),
    "concerts-musique": (
        r"musique|musical|concerts?|festival|orchestre|chorale|harmonie|fanfare|chant\b|chants|musiciens?|jazz|rock",
        r"spectacle|culture|animation|artist|arts?\b",
    ),
    "theatre-enfants": (
        r"theatre|spectacle|marionnette|arts? du spectacle|clown|cirque|comedie|comediens?",
        r"culture|expression|artist|animation|danse|musique|conte",
    ),
    "bibliotheque-lecture": (
        r"biblioth|lecture|livres?\b|mediatheque|litterature|conte|ecriture|album",
        r"culture|education|edition|poesie",
    ),
    "aide-devoirs": (
        r"devoirs|soutien scolaire|accompagnement scolaire|aide scolaire|echec scolaire|difficultes scolaires|alphabetisation|illettrisme|soutien (aux|des) eleves",
        r"scolaire|eleves|college|periscolaire",
    ),
    "sangliers-chasse": (
        r"chasse|chasseurs?|\bacca\b|gibier|sangliers?|louveterie|nuisibles|degats",
        r"agricult|eleveur|faune|foret|elevage",
    ),
    "violences": (
        r"violences?|victimes?|femmes battues|conjugal|droits des femmes|cidff|aide aux victimes|maltraitance|planning familial",
        r"femmes|familles|droits|juridique|accueil|ecoute|social",
    ),
    "aide-domicile": (
        r"domicile|admr|aide menagere|soins a domicile|maintien a domicile|auxiliaires? de vie|portage de repas|aides? a domicile",
        r"personnes agees|retraites?|aines|gerontolog|ehpad|maison de retraite|soins|infirmi",
    ),
    "recyclerie": (
        r"recycl|ressourcerie|reemploi|reparation|seconde main|emmaus|troc|depot.vente|reutilis|recuperation",
        r"dechets|environnement|solidar",
    ),
    "energie": (
        r"energie|solaire|eolien|renouvelable|photovolta|bois.energie|hydroelectr|economies? d.energie|chauffage|thermique",
        r"climat|environnement|developpement durable|ecolog|isolation",
    ),
    "memoire-combattants": (
        r"anciens combattants|commemoration|fnaca|resistance|deportes|veterans|monument aux morts|guerres?\b|combattants|mutiles|devoir de memoire|medailles militaires|souvenir francais",
        r"memoire|souvenir|histoire|militaire|armee",
    ),
    "refugies-francais": (
        r"refugi|migrants?|etrangers?|demandeurs d.asile|alphabetisation|francais langue|\bfle\b|cimade|exiles?|immigr|cours de francais|accueil des (etrangers|migrants|refugies)",
        r"solidarit|humanitaire|interculturel|accueil|droits de l.homme|caritati",
    ),
    "ados-lieu": (
        r"maison des jeunes|\bmjc\b|foyer des jeunes|foyer rural|local des jeunes|clubs? de jeunes|jeunes.*(foyer|local|lieu|rencontr)|adolescents|ados\b|espace jeunes|foyers?, clubs de jeunes",
        r"jeunes|jeunesse|loisirs|animation",
    ),
    "lien-voisins": (
        r"liens? (d.amitie |sociaux |de solidarite )?entre (les )?habitants|lien social|vivre ensemble|convivialit|solidarite (entre|de voisinage)|voisin|animation du (village|hameau|quartier)|animer le (village|hameau|quartier)|vie (du|sociale du) (village|hameau|quartier)|foyer rural|rencontres? (entre|des) habitants|\bhameau\b.*(lien|anim|rencontr)|(lien|anim|rencontr).*\bhameau\b",
        r"rencontre|amitie|animation|entraide|fete|comite des fetes|loisirs|hameau",
    ),
}

OVERRIDES = {
    "aines-solitude": {2182: 0, 103: 0},
    "ordinateur": {2757: 1, 2920: 1, 1666: 0},
    "medecin": {2893: 1, 3187: 1, 2214: 1},
    "aide-alimentaire": {1094: 1, 3099: 2},
    "chemins-rando": {3026: 1, 2615: 0, 319: 2},
    "riviere-poissons": {1878: 0, 251: 0, 2584: 1},
    "handicap": {1900: 1, 448: 1, 3152: 2, 439: 1, 2999: 1},
    "circuits-courts": {2426: 2, 2373: 2, 88: 1},
    "eglise-patrimoine": {353: 0, 1337: 0, 964: 1, 2605: 2},
    "sport-foot": {3096: 0, 1584: 1},
    "memoire-combattants": {2342: 0, 3157: 0, 2685: 1},
    "refugies-francais": {193: 1, 1164: 2},
    "nouveaux-habitants": {193: 2},
    "natation": {1878: 0},
}
DROP = {"transport"}  # no association of the file acts on it: it would measure nothing


def main(pools_path: str) -> None:
    pools = json.loads(Path(pools_path).read_text())
    rows = associations()
    by_line = {doc.id: (rna, doc) for rna, doc, _ in rows}
    judged_needs = []
    for key, need in NEEDS.items():
        if key in DROP:
            continue
        judge = re.compile(PATTERNS[key])
        pool = {doc.id for _, doc, _ in rows if judge.search(normalize(doc.full_text))}
        pool |= set(pools[key]["base"]) | set(pools[key]["hyb"])
        grade_2, grade_1 = (re.compile(rule) for rule in RULES[key])
        grades = {}
        for line in sorted(pool):
            text = normalize(by_line[line][1].full_text)
            grades[line] = 2 if grade_2.search(text) else 1 if grade_1.search(text) else 0
        grades.update(OVERRIDES.get(key, {}))
        judged_needs.append(
            {
                "cle": key,
                "besoin": need,
                "regle_2": RULES[key][0],
                "regle_1": RULES[key][1],
                "corrections": {by_line[line][0]: grade for line, grade in OVERRIDES.get(key, {}).items()},
                "candidats_juges": len(pool),
                "jugements": {by_line[line][0]: grade for line, grade in sorted(grades.items()) if grade},
            }
        )
    corpus = "rna_import_20241001_dpt_48.csv, associations actives (position A)"
    Path(__file__).with_name("devset.json").write_text(
        json.dumps({"corpus": corpus, "besoins": judged_needs}, ensure_ascii=False, indent=1), encoding="utf-8"
    )


if __name__ == "__main__":
    main(sys.argv[1])
