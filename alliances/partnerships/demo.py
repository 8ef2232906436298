"""Demo alliances: eight invented alliances in real communes, at every step of the method.

Every person and organisation here is invented (`is_demo=True`, badge "Exemple fictif —
démonstration"); only the communes are real. Dates are relative to the day of loading so
that the dashboard always shows a next meeting and some late actions.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from alliances.partnerships import services, valuation
from alliances.partnerships.enums import Visibility
from alliances.partnerships.models import (
    ActionItem,
    ActorTarget,
    Alliance,
    Commitment,
    DiagnosticItem,
    Indicator,
    JournalEntry,
    Measurement,
    Meeting,
    Membership,
)
from alliances.territories.models import Territory

FRAGILITIES = {
    "Premier emploi en Lozère": ["emploi", "jeunesse"],
    "Bien vieillir à Marvejols": ["vieillissement", "isolement", "mobilite"],
    "Cantines locales à Lyon 8e": ["alimentation", "economie-locale"],
    "Réparer plutôt que jeter à Villeurbanne": ["climat-energie", "economie-locale"],
    "Tiers-lieu numérique à Saint-Étienne": ["inclusion-numerique"],
    "Mobilité solidaire en Roannais": ["mobilite", "emploi"],
    "Logement des apprentis à Rennes": ["logement", "jeunesse"],
    "Commerce de centre-bourg à Fougères": ["centre-bourg"],
}
# The kind of each invented organisation, guessed from the first word of its name.
KINDS = [
    ("Mairie", "collectivite"),
    ("CCAS", "collectivite"),
    ("Direction", "collectivite"),
    ("Rennes", "collectivite"),
    ("Préfecture", "public"),
    ("Coopérative", "ess"),
    ("Garage solidaire", "ess"),
    ("Association", "association"),
    ("Club", "association"),
    ("Repair", "association"),
    ("Foyer", "association"),
    ("Union", "association"),
    ("Centre social", "association"),
    ("Numérique", "association"),
    ("Artisans", "association"),
]

EMAIL_DOMAIN = "demo-alliances.invalid"

# The demo's calls for partners: title of the alliance → (text of the call, deadline in days from
# the day of loading, or None for a call without deadline).
CALLS: dict[str, tuple[str, int | None]] = {
    "Premier emploi en Lozère": (
        "Nous cherchons des entreprises de Mende et du Gévaudan prêtes à accueillir des jeunes en stage ou en "
        "apprentissage, et des associations pour les accompagner vers leur premier emploi.",
        21,
    ),
    "Bien vieillir à Marvejols": (
        "Nous cherchons des associations, commerces et transporteurs prêts à rendre visite aux aînés des hameaux "
        "ou à les conduire au bourg (bénévoles, véhicules, locaux).",
        45,
    ),
    "Tiers-lieu numérique à Saint-Étienne": (
        "Nous cherchons des entreprises du numérique et des associations de quartier pour animer des permanences "
        "d'aide aux démarches en ligne (compétences, matériel, bénévoles).",
        30,
    ),
    "Logement des apprentis à Rennes": (
        "Nous cherchons des bailleurs, des entreprises et des associations prêts à proposer des chambres ou des "
        "colocations à loyer modéré pour les apprentis.",
        None,
    ),
    "Commerce de centre-bourg à Fougères": (
        "Nous cherchons des entreprises et associations prêtes à s'engager pour le centre ancien (compétences, "
        "locaux vacants, bénévoles).",
        60,
    ),
}


class Hours(NamedTuple):
    """A commitment valued in hours: skills with their hourly rate, volunteering at the SMIC (no rate)."""

    hours: Decimal | None
    rate: Decimal | None = None


# (code INSEE, title, problem, step, form, sdgs, themes, pilot (name, organisation),
#  partners [(name, organisation, role)], commitments [(organisation, kind, description, amount or Hours)],
#  indicators [(name, dimension, sdg, unit, baseline, target, [values])])
ALLIANCES: list[tuple[Any, ...]] = [
    (
        "48095",
        "Premier emploi en Lozère",
        "Les jeunes de Mende quittent le territoire faute de premier emploi, alors que des entreprises locales peinent à recruter.",
        "agir",
        "partenariat",
        [8, 4, 17],
        "emploi des jeunes, attractivité",
        ("Camille Rouvière", "Mairie de Mende (fictif)"),
        [
            ("Hugo Malzieu", "Association Tremplin Causses (fictif)", "partenaire"),
            ("Inès Aubrac", "Scierie des Boulaines (fictif)", "partenaire"),
            ("Léon Gévaudan", "Préfecture — mission emploi (fictif)", "observateur"),
        ],
        [
            (
                "Association Tremplin Causses (fictif)",
                "competences",
                "Accompagnement individuel de 20 jeunes par an par une conseillère d'insertion",
                Hours(Decimal("400"), Decimal("45")),
            ),
            (
                "Association Tremplin Causses (fictif)",
                "benevolat",
                "Parrainage des jeunes par des bénévoles retraités",
                Hours(Decimal("250")),
            ),
            (
                "Scierie des Boulaines (fictif)",
                "nature",
                "Équipements de protection et outillage pour les stagiaires (prix catalogue)",
                Decimal("3450.50"),
            ),
            (
                "Scierie des Boulaines (fictif)",
                "financier",
                "Bourses de premier équipement pour les apprentis",
                Decimal("4000"),
            ),
            (
                "Mairie de Mende (fictif)",
                "locaux",
                "Mise à disposition d'un local au centre-ville (loyer équivalent)",
                Decimal("6000"),
            ),
        ],
        [
            ("Jeunes en emploi six mois après l'accompagnement", "odd", 8, "jeunes", 0, 15, [4, 9]),
            ("Entreprises partenaires satisfaites", "confiance", None, "%", 50, 80, [62, 71]),
        ],
    ),
    (
        "48092",
        "Bien vieillir à Marvejols",
        "L'isolement des personnes âgées s'aggrave l'hiver dans les hameaux.",
        "mobiliser",
        "dialogue",
        [3, 10, 17],
        "isolement des aînés, mobilité",
        ("Suzanne Coulagnes", "CCAS de Marvejols (fictif)"),
        [("Marc Lachamp", "Club des Aînés du Gévaudan (fictif)", "partenaire")],
        [
            (
                "Club des Aînés du Gévaudan (fictif)",
                "benevolat",
                "Douze bénévoles pour des visites hebdomadaires",
                Hours(Decimal("580")),
            )
        ],
        [("Personnes âgées visitées chaque semaine", "innovation", None, "personnes", 10, 60, [18])],
    ),
    (
        "69123",
        "Cantines locales à Lyon 8e",
        "Les cantines peinent à s'approvisionner en produits locaux, faute de logistique partagée.",
        "co-construire",
        "experimentation",
        [2, 12, 17],
        "alimentation, circuits courts",
        ("Nadia Bellecour", "Direction de l'éducation — Lyon (fictif)"),
        [
            ("Paul Fourvière", "Coopérative Monts du Lyonnais (fictif)", "partenaire"),
            ("Lise Croix-Rousse", "Transports Rhône Vert (fictif)", "partenaire"),
        ],
        [
            (
                "Coopérative Monts du Lyonnais (fictif)",
                "nature",
                "Fourniture de légumes de saison à prix coûtant",
                Decimal("25000"),
            ),
            (
                "Transports Rhône Vert (fictif)",
                "logistique",
                "Une tournée de livraison mutualisée par semaine",
                Decimal("9000"),
            ),
        ],
        [("Part de produits locaux dans les repas", "odd", 12, "%", 12, 40, [15, 22])],
    ),
    (
        "69266",
        "Réparer plutôt que jeter à Villeurbanne",
        "Les encombrants s'accumulent ; les habitants manquent de lieux pour réparer.",
        "evaluer",
        "partenariat",
        [11, 12, 17],
        "économie circulaire, lien social",
        ("Théo Gratte-Ciel", "Mairie de Villeurbanne (fictif)"),
        [
            ("Amina Tonkin", "Repair café des Charpennes (fictif)", "partenaire"),
            ("Jules Cusset", "Bricolage du Rhône SA (fictif)", "partenaire"),
        ],
        [
            (
                "Repair café des Charpennes (fictif)",
                "benevolat",
                "Deux ateliers de réparation par mois",
                Hours(Decimal("576")),
            ),
            ("Bricolage du Rhône SA (fictif)", "financier", "Achat d'outillage", Decimal("5000")),
        ],
        [
            ("Objets réparés", "odd", 12, "objets", 0, 1500, [320, 870, 1240]),
            ("Habitants qui se disent mieux connaître leurs voisins", "confiance", None, "%", 20, 45, [28, 39]),
        ],
    ),
    (
        "42218",
        "Tiers-lieu numérique à Saint-Étienne",
        "Des habitants éloignés du numérique renoncent à leurs droits.",
        "comprendre",
        "dialogue",
        [4, 10, 17],
        "inclusion numérique",
        ("Rose Furan", "Centre social de Montreynaud (fictif)"),
        [("Yanis Jacquard", "Numérique Loire Solidaire (fictif)", "partenaire")],
        [],
        [],
    ),
    (
        "42187",
        "Mobilité solidaire en Roannais",
        "Sans voiture, des demandeurs d'emploi ne peuvent pas se rendre aux entretiens.",
        "agir",
        "partenariat",
        [8, 11, 17],
        "mobilité, emploi",
        ("Éric Renaison", "Mairie de Roanne (fictif)"),
        [
            ("Claire Villerest", "Garage solidaire du Roannais (fictif)", "partenaire"),
            ("Bruno Riorges", "Transports Loire Nord (fictif)", "partenaire"),
        ],
        [
            (
                "Garage solidaire du Roannais (fictif)",
                "competences",
                "Entretien des véhicules prêtés par les mécaniciens du garage",
                Hours(Decimal("280"), Decimal("50")),
            ),
            (
                "Garage solidaire du Roannais (fictif)",
                "logistique",
                "Location de véhicules à 2 € par jour",
                Decimal("6500"),
            ),
            ("Transports Loire Nord (fictif)", "financier", "Financement de 50 cartes de transport", Decimal("7500")),
        ],
        [("Trajets solidaires réalisés", "odd", 11, "trajets", 0, 2000, [450, 1100])],
    ),
    (
        "35238",
        "Logement des apprentis à Rennes",
        "Les apprentis renoncent à des contrats faute de logement abordable.",
        "co-construire",
        "experimentation",
        [4, 8, 11, 17],
        "logement, jeunes",
        ("Maël Vilaine", "Rennes — direction de l'habitat (fictif)"),
        [
            ("Anne Thabor", "Foyer des jeunes travailleurs de Bréquigny (fictif)", "partenaire"),
            ("Louis Colombier", "Artisans d'Ille-et-Vilaine (fictif)", "partenaire"),
        ],
        [
            (
                "Foyer des jeunes travailleurs de Bréquigny (fictif)",
                "locaux",
                "Quinze chambres réservées aux apprentis",
                Decimal("30000"),
            )
        ],
        [("Apprentis logés", "organisations", None, "apprentis", 0, 40, [12])],
    ),
    (
        "35115",
        "Commerce de centre-bourg à Fougères",
        "Les vitrines vides se multiplient dans le centre ancien.",
        "mobiliser",
        "dialogue",
        [8, 11, 17],
        "centre-bourg, commerce",
        ("Gaël Couesnon", "Mairie de Fougères (fictif)"),
        [("Sophie Marches", "Union des commerçants fougerais (fictif)", "partenaire")],
        [],
        [],
    ),
]


def _user(name: str):
    User = get_user_model()
    slug = "".join(c for c in name.lower().replace(" ", ".") if c.isalnum() or c == ".")
    user, _ = User.objects.get_or_create(
        email=f"{slug}@{EMAIL_DOMAIN}", defaults={"display_name": name, "is_demo": True}
    )
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _organisation(name: str, territory: Territory):
    """The invented organisation of the directory (created once, `is_demo`) that a demo member represents."""
    from alliances.actors.models import Organisation
    from alliances.actors.services import organisation_create

    existing = Organisation.objects.filter(name=name, is_demo=True).first()
    if existing is not None:
        return existing
    kind = next((k for prefix, k in KINDS if name.startswith(prefix)), "entreprise")
    return organisation_create(
        name=name,
        kind=kind,
        commune=territory,
        is_demo=True,
        description="Organisation inventée pour la démonstration des alliances.",
    )


def _territory(code: str) -> Territory | None:
    return Territory.objects.current_communes().filter(code=code).first()


@transaction.atomic
def load_demo() -> int:
    """Create the demo alliances that do not exist yet (communes missing from the database are skipped)."""
    created = 0
    now = timezone.now()
    today = timezone.localdate()
    for code, title, problem, step, form, sdgs, themes, (
        pilot_name,
        pilot_org,
    ), partners, commitments, indicators in ALLIANCES:
        territory = _territory(code)
        if territory is None or Alliance.objects.filter(title=title, is_demo=True).exists():
            continue
        pilot = _user(pilot_name)
        lead = _organisation(pilot_org, territory)
        alliance = services.alliance_create(
            by=pilot,
            is_demo=True,
            data={
                "title": title,
                "problem": problem,
                "territory": territory,
                "lead_organisation_name": pilot_org,
                "lead_organisation": lead,
                "fragilities": FRAGILITIES.get(title, []),
                "themes": themes,
                "sdgs": sdgs,
                "form": form,
                "step": step,
                "visibility": Visibility.PUBLIC,
                "start_date": today - timedelta(days=120),
                "objectives": "1. Réunir les acteurs concernés.\n2. Tester une réponse pendant un an.\n3. Mesurer et partager les résultats.",
                "governance": "Comité de pilotage mensuel réunissant un représentant de chaque partenaire ; décisions au consensus.",
            },
        )
        created += 1
        for name, organisation, role in partners:
            linked = _organisation(organisation, territory)
            Membership.objects.create(
                alliance=alliance, user=_user(name), role=role, organisation_name=organisation, organisation=linked
            )
            ActorTarget.objects.create(
                alliance=alliance,
                name=organisation,
                organisation=linked,
                status="engage",
                why="Partenaire de l'alliance",
            )
        ActorTarget.objects.create(
            alliance=alliance,
            name="Chambre consulaire locale (fictif)",
            status="a_contacter",
            why="Relais auprès des entreprises",
        )
        DiagnosticItem.objects.create(
            alliance=alliance,
            kind="fragilite",
            text=problem,
            organisation_name=pilot_org,
            source="Constat partagé en réunion de lancement",
        )
        DiagnosticItem.objects.create(
            alliance=alliance,
            kind="atout",
            text="Un tissu associatif actif et des entreprises prêtes à s'engager.",
            organisation_name=pilot_org,
        )
        for organisation, kind, description, value in commitments:
            start = today - timedelta(days=60)
            hours = value if isinstance(value, Hours) else Hours(None)
            Commitment.objects.create(
                alliance=alliance,
                organisation_name=organisation,
                kind=kind,
                description=description,
                start_date=start,
                end_date=today + timedelta(days=300),
                **valuation.valued(
                    kind=kind,
                    amount_eur=None if isinstance(value, Hours) else value,
                    hours=hours.hours,
                    hourly_rate_eur=hours.rate,
                    on=start,
                ),
            )
        Meeting.objects.create(
            alliance=alliance,
            title="Réunion de lancement",
            date=now - timedelta(days=90),
            place="Salle du conseil",
            participants=", ".join([pilot_org] + [p[1] for p in partners]),
            agenda="Diagnostic partagé ; tour de table des attentes",
            minutes="Chaque partenaire a présenté ses constats.",
            decisions="Constituer un comité de pilotage mensuel.",
        )
        Meeting.objects.create(
            alliance=alliance,
            title="Comité de pilotage",
            date=now + timedelta(days=12),
            place="Salle du conseil",
            agenda="Point d'étape ; engagements ; calendrier",
        )
        ActionItem.objects.create(
            alliance=alliance,
            title="Rédiger la fiche de présentation",
            owner=pilot_org,
            due_date=today - timedelta(days=10),
            status="en_cours",
        )
        ActionItem.objects.create(
            alliance=alliance,
            title="Organiser une rencontre publique",
            owner=pilot_org,
            due_date=today + timedelta(days=30),
        )
        JournalEntry.objects.create(
            alliance=alliance,
            text="Premier comité : bonne dynamique, deux nouveaux acteurs intéressés.",
            created_by=pilot,
            organisation_name=pilot_org,
        )
        for name, dimension, sdg, unit, baseline, target, values in indicators:
            indicator = Indicator.objects.create(
                alliance=alliance,
                name=name,
                dimension=dimension,
                sdg_id=sdg,
                unit=unit,
                baseline=baseline,
                target=target,
                frequency="trimestrielle",
                organisation_name=pilot_org,
            )
            for i, value in enumerate(values):
                Measurement.objects.create(
                    indicator=indicator,
                    value=value,
                    date=today - timedelta(days=30 * (len(values) - i)),
                    source="Relevé des partenaires (fictif)",
                )
        if step == "evaluer":
            alliance.evaluation = (
                "L'alliance a dépassé ses objectifs de réparation ; la confiance entre habitants progresse."
            )
            alliance.save(update_fields=["evaluation"])
    _open_calls(today)
    return created


def _open_calls(today) -> None:
    """Open the demo calls for partners, their deadlines counted from today: at each load, so that a
    demonstration loaded again weeks later still shows open calls (`make run` loads the demo each time)."""
    for alliance in Alliance.objects.filter(is_demo=True, title__in=CALLS):
        text, days = CALLS[alliance.title]
        was_listed = alliance.call_is_listed
        alliance.call_open = True
        alliance.call_text = text
        alliance.call_deadline = today + timedelta(days=days) if days is not None else None
        alliance.save(update_fields=["call_open", "call_text", "call_deadline", "updated_at"])
        if alliance.call_is_listed and not was_listed:  # a call still open is not announced again
            services.call_mark_opened(alliance)


@transaction.atomic
def remove_demo() -> int:
    from alliances.actors.indexing import organisation_unindex
    from alliances.actors.models import Organisation

    count = Alliance.objects.filter(is_demo=True).count()
    Alliance.objects.filter(is_demo=True).delete()
    # The invented organisations this demo added to the directory (the actors' demo removes its own).
    names = {pilot_org for *_, (_, pilot_org), _, _, _ in ALLIANCES}
    names |= {organisation for *_, partners, _, _ in ALLIANCES for _, organisation, _ in partners}
    for pk in Organisation.objects.filter(is_demo=True, name__in=names).values_list("pk", flat=True):
        organisation_unindex(pk)
    Organisation.objects.filter(is_demo=True, name__in=names).delete()
    get_user_model().objects.filter(is_demo=True, email__endswith=f"@{EMAIL_DOMAIN}").delete()
    return count
