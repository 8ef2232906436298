"""Roles on the platform, each backed by a Django group of the same name."""

from django.db import models


class Role(models.TextChoices):
    MEMBER = "membre", "Membre"
    CATALYST = "catalyseur", "Catalyseur territorial"
    MODERATOR = "moderateur", "Modérateur"
    ADMINISTRATOR = "administrateur", "Administrateur"


class OrganisationRole(models.TextChoices):
    ELU = "elu", "Élu·e"
    AGENT = "agent", "Agent d'une collectivité"
    ASSOCIATION = "association", "Membre d'une association"
    ENTREPRISE = "entreprise", "Salarié·e ou dirigeant·e d'entreprise"
    CATALYSEUR = "catalyseur", "Catalyseur territorial"
    OBSERVATOIRE = "observatoire", "Observatoire, réseau, fondation"
    AUTRE = "autre", "Autre"
