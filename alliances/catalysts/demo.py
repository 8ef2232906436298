"""Demo content: 24 invented catalysts spread over several régions (never real people).

Every profile and its account carry is_demo=True, show the "Exemple fictif — démonstration"
badge and cannot be contacted. `load_demo()` is idempotent; `remove_demo()` deletes them all.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from alliances.catalysts.enums import Availability, ContactPreference, ProfileStatus
from alliances.catalysts.models import CatalystProfile
from alliances.catalysts.services import catalyst_index, catalyst_role_grant
from alliances.sdg.models import Sdg
from alliances.territories.models import Territory

DEMO_DOMAIN = "catalyseurs.demo.invalid"
A, L, U = Availability.AVAILABLE, Availability.LIMITED, Availability.UNAVAILABLE

# name, organisation, territories, métiers, themes, SDGs, languages, availability, presentation
PROFILES = [
    (
        "Solène Vidalenc",
        "Coopérative Causses et Cévennes (fictive)",
        ["departement:48"],
        ["accompagnement", "dialogue"],
        ["vieillissement", "isolement"],
        [3, 10, 17],
        ["fr", "oc"],
        A,
        "Anime depuis douze ans des démarches entre communes rurales, associations d'aide à domicile et artisans.",
    ),
    (
        "Baptiste Roumieux",
        "Atelier des Boraldes (fictif)",
        ["commune:48095", "epci:244800405"],
        ["lieu", "experimentation"],
        ["numerique", "jeunesse"],
        [4, 9, 17],
        ["fr"],
        A,
        "Gère un tiers-lieu en centre-bourg et accompagne les premières expérimentations collectives du secteur.",
    ),
    (
        "Margaux Teissier",
        "Réseau Occitanie Alliances (fictif)",
        ["region:76"],
        ["dialogue"],
        ["emploi", "economie"],
        [8, 17],
        ["fr", "es", "ca"],
        A,
        "Organise des dialogues territoriaux entre entreprises et collectivités à l'échelle régionale.",
    ),
    (
        "Aurélien Castanier",
        "Cabinet Draille Conseil (fictif)",
        ["departement:30", "departement:48"],
        ["accompagnement"],
        ["transition", "alimentation"],
        [2, 12, 13],
        ["fr", "en"],
        L,
        "Accompagne des projets alimentaires territoriaux entre Cévennes et plaine gardoise.",
    ),
    (
        "Inès Delmas",
        "Maison des solidarités de l'Aubrac (fictive)",
        ["departement:12", "departement:15", "departement:48"],
        ["experimentation", "accompagnement"],
        ["sante", "mobilite"],
        [3, 11],
        ["fr"],
        A,
        "A co-piloté une expérimentation de transport solidaire sur le plateau de l'Aubrac.",
    ),
    (
        "Thomas Farge",
        "Fabrique du Haut-Allier (fictive)",
        ["departement:43"],
        ["lieu"],
        ["culture", "revitalisation"],
        [11],
        ["fr", "it"],
        U,
        "Anime un lieu culturel partagé ; disponible de nouveau à l'automne.",
    ),
    (
        "Clémence Auriol",
        "Agence Garrigue Partenariats (fictive)",
        ["departement:34", "departement:11"],
        ["dialogue", "accompagnement"],
        ["handicap", "emploi"],
        [8, 10],
        ["fr"],
        A,
        "Met en relation entreprises et associations pour l'inclusion des personnes handicapées.",
    ),
    (
        "Jérémie Salvat",
        "Collectif Pyrène Ensemble (fictif)",
        ["departement:31", "departement:09"],
        ["experimentation"],
        ["jeunesse", "education"],
        [4, 17],
        ["fr", "oc", "es"],
        L,
        "A conduit une expérimentation collective contre le décrochage scolaire en vallée.",
    ),
    (
        "Gwenaëlle Le Bihan",
        "Kenstroll Coopération (fictive)",
        ["region:53"],
        ["dialogue", "accompagnement"],
        ["vieillissement", "logement"],
        [3, 11, 17],
        ["fr", "br"],
        A,
        "Accompagne les alliances entre bailleurs, communes et associations autour du bien vieillir.",
    ),
    (
        "Yann Kerhervé",
        "Tiers-lieu Ar Vro (fictif)",
        ["departement:29", "departement:22"],
        ["lieu"],
        ["numerique", "economie"],
        [8, 9],
        ["fr", "br", "en"],
        A,
        "Fait vivre un tiers-lieu rural et son atelier de réparation partagé.",
    ),
    (
        "Maëlle Guégan",
        "Fondation Littoral Solidaire (fictive)",
        ["departement:56"],
        ["accompagnement"],
        ["transition", "alimentation"],
        [12, 14],
        ["fr"],
        L,
        "Accompagne des partenariats entre pêcheurs, restauration collective et collectivités.",
    ),
    (
        "Erwan Tanguy",
        "Agence Rennes Alliances (fictive)",
        ["commune:35238", "departement:35"],
        ["experimentation", "dialogue"],
        ["mobilite", "isolement"],
        [11, 17],
        ["fr", "en"],
        A,
        "Co-pilote des expérimentations de mobilité solidaire dans la métropole et ses bourgs.",
    ),
    (
        "Léonie Pradel",
        "Passerelles Lyonnaises (fictives)",
        ["commune:69123", "departement:69"],
        ["accompagnement", "dialogue"],
        ["emploi", "jeunesse"],
        [8, 4],
        ["fr", "ar"],
        A,
        "Accompagne des clubs d'entreprises engagés pour l'emploi des jeunes.",
    ),
    (
        "Hugo Berthon",
        "Forez Coopérations (fictives)",
        ["departement:42"],
        ["experimentation"],
        ["revitalisation", "economie"],
        [8, 11],
        ["fr"],
        A,
        "A mené la revitalisation concertée de trois centres-bourgs du Forez.",
    ),
    (
        "Amandine Reynaud",
        "Réseau Auvergne-Rhône-Alpes Ensemble (fictif)",
        ["region:84"],
        ["dialogue"],
        ["transition"],
        [7, 13, 17],
        ["fr", "de"],
        L,
        "Anime des dialogues territoriaux sur la transition énergétique.",
    ),
    (
        "Samir Benali",
        "Maison Parisienne des Alliances (fictive)",
        ["departement:75"],
        ["lieu", "accompagnement"],
        ["emploi", "economie"],
        [8, 10, 17],
        ["fr", "ar", "en"],
        A,
        "Gère un lieu d'accueil d'alliances entre entreprises et associations parisiennes.",
    ),
    (
        "Camille Fontanel",
        "Île-de-France Partenaires (fictifs)",
        ["region:11"],
        ["dialogue", "experimentation"],
        ["logement", "sante"],
        [3, 11],
        ["fr", "pt"],
        U,
        "Pilote des expérimentations en santé et logement ; pas disponible jusqu'à la fin de l'année.",
    ),
    (
        "Noémie Lacaze",
        "Estuaire et Landes Solidaires (fictifs)",
        ["departement:33", "departement:40"],
        ["accompagnement"],
        ["alimentation", "sante"],
        [2, 3],
        ["fr", "eu", "es"],
        A,
        "Accompagne les coopérations entre producteurs et épiceries solidaires.",
    ),
    (
        "Julien Marchal",
        "Hauts-de-France Alliances (fictives)",
        ["departement:59", "departement:62"],
        ["experimentation", "accompagnement"],
        ["emploi", "isolement"],
        [1, 8],
        ["fr", "en"],
        A,
        "A co-construit une expérimentation « territoire zéro chômeur » avec les entreprises locales.",
    ),
    (
        "Élodie Schaller",
        "Vosges Coopératives (fictives)",
        ["departement:88", "departement:67"],
        ["lieu"],
        ["culture", "education"],
        [4, 11],
        ["fr", "de"],
        L,
        "Anime une fabrique culturelle partagée entre communes de montagne.",
    ),
    (
        "Marius Ollivier",
        "Provence Ensemble (fictive)",
        ["region:93"],
        ["dialogue", "accompagnement"],
        ["transition", "mobilite"],
        [11, 13, 15],
        ["fr", "it"],
        A,
        "Facilite les alliances pour l'adaptation au changement climatique des communes littorales.",
    ),
    (
        "Anaïs Poggi",
        "Corsica Cumunità (fictive)",
        ["region:94"],
        ["accompagnement"],
        ["vieillissement", "sante"],
        [3],
        ["fr", "co"],
        A,
        "Accompagne des projets de maintien à domicile dans les villages de l'intérieur.",
    ),
    (
        "Rose-Marie Lacroix",
        "Karukera Alliances (fictives)",
        ["departement:971"],
        ["dialogue"],
        ["jeunesse", "emploi"],
        [4, 8],
        ["fr"],
        A,
        "Organise des dialogues territoriaux entre collectivités, entreprises et associations de jeunesse.",
    ),
    (
        "Pierre-Alain Vernhes",
        "Ardèche en Commun (fictive)",
        ["departement:07"],
        ["experimentation", "lieu"],
        ["alimentation", "revitalisation"],
        [2, 11, 12],
        ["fr"],
        A,
        "A conduit l'ouverture d'une épicerie coopérative et d'un lieu de vie dans un village.",
    ),
]


def _territories(refs: list[str]) -> list[Territory]:
    found = []
    for ref in refs:
        kind, code = ref.split(":")
        # The demo stands alone: a territory absent from a partial referential is skipped.
        territory = Territory.objects.filter(kind=kind, code=code).order_by("commune_type").first()
        if territory is not None:
            found.append(territory)
    return found


@transaction.atomic
def load_demo() -> int:
    User = get_user_model()
    created = 0
    sdgs = Sdg.objects.in_bulk()
    for n, (name, organisation, refs, metiers, themes, goals, languages, availability, bio) in enumerate(PROFILES, 1):
        email = f"catalyseur-{n:02d}@{DEMO_DOMAIN}"
        if CatalystProfile.objects.filter(user__email=email).exists():
            continue
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, display_name=name, organisation_name=organisation, is_demo=True)
            user.set_unusable_password()
            user.save()
        catalyst_role_grant(user=user)
        profile = CatalystProfile.objects.create(
            user=user,
            name=name,
            organisation_name=organisation,
            bio=f"{bio} Profil fictif de démonstration : cette personne n'existe pas.",
            metiers=metiers,
            themes=themes,
            languages=languages,
            availability=availability,
            contact_preference=ContactPreference.PLATFORM,
            status=ProfileStatus.VALIDATED,
            is_demo=True,
        )
        profile.territories.set(_territories(refs))
        profile.sdgs.set([sdgs[g] for g in goals if g in sdgs])
        catalyst_index(profile)
        created += 1
    return created


@transaction.atomic
def remove_demo() -> int:
    from alliances.core.search import delete_documents

    profiles = CatalystProfile.objects.filter(is_demo=True)
    ids = list(profiles.values_list("pk", flat=True))
    delete_documents("catalyst", ids)
    count = len(ids)
    profiles.delete()
    get_user_model().objects.filter(is_demo=True, email__endswith=f"@{DEMO_DOMAIN}").delete()
    return count
