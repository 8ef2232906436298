"""Choices of the catalysts' network: trades, themes, languages, availability, statuses."""

from django.db import models


class Metier(models.TextChoices):
    """The four trades of a catalyseur territorial (Le RAMEAU's typology)."""

    DIALOGUE = "dialogue", "dialogue territorial"
    EXPERIMENTATION = "experimentation", "expérimentations collectives"
    ACCOMPAGNEMENT = "accompagnement", "accompagnement"
    LIEU = "lieu", "gestion d'un lieu"


class Theme(models.TextChoices):
    """Themes and local fragilities a catalyst has worked on."""

    VIEILLISSEMENT = "vieillissement", "vieillissement"
    JEUNESSE = "jeunesse", "jeunesse"
    EMPLOI = "emploi", "emploi et insertion"
    ISOLEMENT = "isolement", "isolement et lien social"
    SANTE = "sante", "santé et accès aux soins"
    MOBILITE = "mobilite", "mobilité"
    TRANSITION = "transition", "transition écologique"
    ALIMENTATION = "alimentation", "alimentation et agriculture"
    REVITALISATION = "revitalisation", "revitalisation des centres-bourgs"
    NUMERIQUE = "numerique", "inclusion numérique"
    HANDICAP = "handicap", "handicap"
    LOGEMENT = "logement", "logement"
    CULTURE = "culture", "culture et patrimoine"
    EDUCATION = "education", "éducation"
    ECONOMIE = "economie", "économie locale et ESS"


class Language(models.TextChoices):
    FR = "fr", "français"
    EN = "en", "anglais"
    ES = "es", "espagnol"
    DE = "de", "allemand"
    IT = "it", "italien"
    PT = "pt", "portugais"
    AR = "ar", "arabe"
    OC = "oc", "occitan"
    BR = "br", "breton"
    EU = "eu", "basque"
    CA = "ca", "catalan"
    CO = "co", "corse"
    LSF = "lsf", "langue des signes française"


class Availability(models.TextChoices):
    AVAILABLE = "disponible", "disponible"
    LIMITED = "limitee", "disponibilité limitée"
    UNAVAILABLE = "indisponible", "pas disponible en ce moment"


class ContactPreference(models.TextChoices):
    PLATFORM = "plateforme", "message par la plateforme"
    PHONE = "telephone", "appel téléphonique après mise en relation"
    VIDEO = "visio", "visioconférence"
    MEETING = "rencontre", "rencontre sur place"


class ProfileStatus(models.TextChoices):
    PENDING = "en_attente", "en attente de validation"
    VALIDATED = "valide", "validé"
    REJECTED = "refuse", "refusé"


class RequestStatus(models.TextChoices):
    NEW = "nouvelle", "nouvelle"
    ACCEPTED = "acceptee", "acceptée"
    DECLINED = "refusee", "déclinée"
    CLOSED = "close", "close"
