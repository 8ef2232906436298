"""Demo organisations: invented names placed in real communes, all marked `is_demo`."""

from __future__ import annotations

from typing import Any

from alliances.actors.enums import HeadcountBand, OrganisationKind
from alliances.actors.indexing import organisation_unindex
from alliances.actors.models import Organisation
from alliances.actors.services import organisation_create
from alliances.territories.models import Territory

# (name, kind, commune code, themes, description, offers, extra register-like fields)
# (name, kind, code INSEE, theme codes, description, offers, other fields)
DEMO_ORGANISATIONS: list[tuple[str, str, str, list[str], str, dict[str, Any], dict[str, Any]]] = [
    (
        "Les Jardins Partagés du Causse (exemple)",
        OrganisationKind.ASSOCIATION,
        "48095",
        ["024000", "007000"],
        "Association fictive qui anime trois jardins partagés et une plateforme de compostage de quartier.",
        {"offers_volunteers": True, "offers_premises": True},
        {},
    ),
    (
        "Atelier Vélo Solidaire de Lozère (exemple)",
        OrganisationKind.ESS,
        "48095",
        ["030000", "NAF-S"],
        "Structure d'insertion fictive : réparation de vélos d'occasion et ateliers d'autoréparation.",
        {"offers_skills": True},
        {"is_ess": True, "headcount_band": HeadcountBand.SIX_NINE},
    ),
    (
        "Menuiserie Fictive des Cévennes (exemple)",
        OrganisationKind.ENTREPRISE,
        "48061",
        ["NAF-C"],
        "Entreprise inventée pour la démonstration : menuiserie en bois local, engagée dans l'apprentissage.",
        {"offers_skills": True, "offers_funding": True},
        {"headcount_band": HeadcountBand.TEN, "is_societe_a_mission": True},
    ),
    (
        "Fonds Imaginaire pour la Montagne Vivante (exemple)",
        OrganisationKind.FONDATION,
        "48095",
        ["020000", "024000"],
        "Fonds de dotation fictif qui soutient des projets de transition dans les communes rurales.",
        {"offers_funding": True},
        {},
    ),
    (
        "Collectif Fictif des Habitants de la Croix-Rousse (exemple)",
        OrganisationKind.COLLECTIF,
        "69123",
        ["030000", "009000"],
        "Collectif citoyen inventé qui organise une fête de quartier et une donnerie mensuelle.",
        {"offers_volunteers": True},
        {},
    ),
    (
        "Lycée Imaginaire des Métiers du Bois (exemple)",
        OrganisationKind.ENSEIGNEMENT,
        "42218",
        ["015000"],
        "Établissement fictif : formations aux métiers du bois, ouvert aux partenariats avec les entreprises.",
        {"offers_premises": True, "offers_skills": True},
        {},
    ),
    (
        "Épicerie Solidaire Fictive de Rennes (exemple)",
        OrganisationKind.ASSOCIATION,
        "35238",
        ["019000", "020000"],
        "Association inventée : épicerie à prix solidaires et ateliers de cuisine.",
        {"offers_volunteers": True},
        {"headcount_band": HeadcountBand.ONE_TWO},
    ),
]


def load_demo() -> int:
    """Create the demo organisations that are missing; return how many were created."""
    created = 0
    for name, kind, code, themes, description, offers, extra in DEMO_ORGANISATIONS:
        if Organisation.objects.filter(name=name, is_demo=True).exists():
            continue
        commune = Territory.objects.current_communes().filter(code=code).first()
        organisation_create(
            name=name,
            kind=kind,
            commune=commune,
            theme_codes=themes,
            is_demo=True,
            description=description,
            **offers,
            **extra,
        )
        created += 1
    return created


def remove_demo() -> int:
    """Delete every demo organisation (and its search document); return how many."""
    ids = list(Organisation.objects.filter(is_demo=True).values_list("pk", flat=True))
    for pk in ids:
        organisation_unindex(pk)
    Organisation.objects.filter(pk__in=ids).delete()
    return len(ids)
