"""Choices of the resource centre: kinds of resources, method steps, statuses, registrations."""

from django.db import models

# The Django group whose members edit kits, resources and events in the admin.
EDITOR_GROUP = "editeur"


class ResourceKind(models.TextChoices):
    KIT = "kit", "Kit pratique"
    WEBINAR = "webinaire", "Webinaire"
    MOOC = "mooc", "MOOC"
    DOCUMENT = "document", "Document"
    TOOL = "outil", "Outil ou source de données"


class Step(models.TextChoices):
    """The five steps of the method the platform supports (see ORIENTATION, §3)."""

    UNDERSTAND = "comprendre", "Comprendre"
    MOBILISE = "mobiliser", "Mobiliser"
    CO_BUILD = "co-construire", "Co-construire"
    ACT = "agir", "Agir"
    EVALUATE = "evaluer-essaimer", "Évaluer et essaimer"


class PublicationStatus(models.TextChoices):
    DRAFT = "brouillon", "Brouillon"
    PUBLISHED = "publie", "Publié"


class ToolKind(models.TextChoices):
    CHECKLIST = "checklist", "Liste de vérification"
    TEMPLATE = "modele", "Modèle à télécharger"
    QUESTIONS = "questions", "Questions à se poser"


class EventKind(models.TextChoices):
    CONFERENCE = "conference", "Conférence"
    WORKSHOP = "atelier", "Atelier"
    WEBINAR = "webinaire", "Webinaire"


class RegistrationMode(models.TextChoices):
    INTERNAL = "interne", "Inscription sur la plateforme"
    EXTERNAL = "externe", "Inscription sur un site externe"
    NONE = "aucune", "Sans inscription"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmee", "Confirmée"
    WAITING = "attente", "Liste d'attente"
    CANCELLED = "annulee", "Annulée"


# Themes and local fragilities kits answer: the codes of alliances.practices' fragilities
# (so that a practice's or a portrait's fragilities find their kits), plus "crise". Codes are
# stable (other apps pass them to `kits_for_fragilities`); labels may be edited in the admin.
THEMES = [
    ("emploi", "Emploi et insertion"),
    ("jeunesse", "Jeunesse"),
    ("vieillissement", "Vieillissement"),
    ("isolement", "Isolement et lien social"),
    ("sante", "Accès aux soins"),
    ("logement", "Logement"),
    ("mobilite", "Mobilité"),
    ("alimentation", "Alimentation"),
    ("climat-energie", "Climat et énergie"),
    ("biodiversite", "Biodiversité"),
    ("culture", "Culture"),
    ("inclusion-numerique", "Inclusion numérique"),
    ("education", "Éducation"),
    ("economie-locale", "Économie locale"),
    ("centre-bourg", "Revitalisation du centre-bourg"),
    ("handicap", "Handicap"),
    ("crise", "Sortie de crise et résilience"),
]

# Axes of the self-assessment (alliances.assessment uses the same slugs).
ASSESSMENT_AXES = [
    ("connaissance", "Connaissance du territoire"),
    ("mobilisation", "Mobilisation des acteurs"),
    ("gouvernance", "Gouvernance partagée"),
    ("experimentation", "Expérimentation"),
    ("ressources", "Ressources et moyens"),
    ("evaluation", "Évaluation"),
]
