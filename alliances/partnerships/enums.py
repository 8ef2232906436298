"""Choices of the partnerships app: the five steps of the method, roles, statuses, kinds."""

from django.db import models

from alliances.practices import enums as practices_enums


class Step(models.TextChoices):
    UNDERSTAND = "comprendre", "Comprendre"
    MOBILISE = "mobiliser", "Mobiliser"
    CO_CONSTRUCT = "co-construire", "Co-construire"
    ACT = "agir", "Agir"
    EVALUATE = "evaluer", "Évaluer et essaimer"


STEP_ORDER = [s.value for s in Step]


class CoConstructionForm(models.TextChoices):
    DIALOGUE = "dialogue", "Dialogue territorial"
    PARTNERSHIP = "partenariat", "Partenariat entre organisations"
    EXPERIMENT = "experimentation", "Expérimentation collective"


class Visibility(models.TextChoices):
    # "Privée" means visible to the alliance's members only (the "private to its members").
    MEMBERS = "membres", "Privée : membres de l'alliance seulement"
    SIGNED_IN = "inscrits", "Utilisateurs connectés"
    PUBLIC = "public", "Publique"


class MemberRole(models.TextChoices):
    PILOT = "pilote", "Pilote"
    PARTNER = "partenaire", "Partenaire"
    OBSERVER = "observateur", "Observateur"
    FACILITATOR = "accompagnateur", "Accompagnateur (catalyseur)"


class RequestStatus(models.TextChoices):
    PENDING = "en_attente", "En attente"
    ACCEPTED = "acceptee", "Acceptée"
    REFUSED = "refusee", "Refusée"


class DiagnosticKind(models.TextChoices):
    FRAGILITY = "fragilite", "Fragilité"
    ASSET = "atout", "Atout"
    OBSERVATION = "observation", "Observation d'un partenaire"


class ActorStatus(models.TextChoices):
    TO_CONTACT = "a_contacter", "À contacter"
    CONTACTED = "contacte", "Contacté"
    INTERESTED = "interesse", "Intéressé"
    COMMITTED = "engage", "Engagé"
    DECLINED = "decline", "A décliné"


class CommitmentKind(models.TextChoices):
    # How each kind is valued in euros: partnerships/valuation.py.
    FINANCIAL = "financier", "Apport financier"
    SKILLS = "competences", "Mécénat de compétences"
    IN_KIND = "nature", "Don en nature"
    VOLUNTEERS = "benevolat", "Bénévolat"
    PREMISES = "locaux", "Mise à disposition de locaux"
    LOGISTICS = "logistique", "Logistique"


class ActionStatus(models.TextChoices):
    TODO = "a_faire", "À faire"
    DOING = "en_cours", "En cours"
    DONE = "fait", "Fait"
    DROPPED = "abandonne", "Abandonné"


class MeasurementFrequency(models.TextChoices):
    """How often an indicator is measured: the pilotes are reminded when a measurement is due."""

    NONE = "", "Pas de rappel"
    MONTHLY = "mensuelle", "Chaque mois"
    QUARTERLY = "trimestrielle", "Chaque trimestre"
    HALF_YEARLY = "semestrielle", "Chaque semestre"
    YEARLY = "annuelle", "Chaque année"


# Months between two measurements, per frequency.
FREQUENCY_MONTHS = {"mensuelle": 1, "trimestrielle": 3, "semestrielle": 6, "annuelle": 12}


class ReminderKind(models.TextChoices):
    ACTION_DUE_SOON = "action_proche", "Action à échéance dans la semaine"
    ACTION_LATE = "action_retard", "Action en retard"
    MEETING_EVE = "reunion_veille", "Réunion le lendemain"
    MEASUREMENT_DUE = "mesure_due", "Mesure d'indicateur attendue"


class IndicatorDimension(models.TextChoices):
    ORGANISATIONS = "organisations", "Performance des organisations"
    INNOVATION = "innovation", "Innovation territoriale et sociétale"
    TRUST = "confiance", "Confiance entre acteurs"
    SDG = "odd", "Contribution à un ODD"


# Local fragilities an alliance answers: the practices' vocabulary itself, so that an alliance finds
# the practices tagged alike and "publier comme pratique" carries its fragilities over unchanged.
Fragility = practices_enums.Fragility


# The catalysts' themes use their own keys for a few of the same fragilities.
CATALYST_THEME_OF_FRAGILITY = {
    "emploi": "emploi",
    "jeunesse": "jeunesse",
    "vieillissement": "vieillissement",
    "isolement": "isolement",
    "sante": "sante",
    "logement": "logement",
    "mobilite": "mobilite",
    "alimentation": "alimentation",
    "climat-energie": "transition",
    "biodiversite": "transition",
    "culture": "culture",
    "inclusion-numerique": "numerique",
    "education": "education",
    "economie-locale": "economie",
    "centre-bourg": "revitalisation",
    "handicap": "handicap",
}
