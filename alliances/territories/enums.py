"""Kinds of territories and of communes in the official administrative division."""

from django.db import models


class TerritoryKind(models.TextChoices):
    COMMUNE = "commune", "Commune"
    EPCI = "epci", "Intercommunalité (EPCI)"
    DEPARTEMENT = "departement", "Département"
    REGION = "region", "Région"


class CommuneType(models.TextChoices):
    ACTUELLE = "commune-actuelle", "Commune"
    DELEGUEE = "commune-deleguee", "Commune déléguée"
    ASSOCIEE = "commune-associee", "Commune associée"
    ARRONDISSEMENT = "arrondissement-municipal", "Arrondissement municipal"


# Labels used in sentences ("la commune de …", "le département de …").
KIND_ARTICLES = {
    TerritoryKind.COMMUNE: "la commune",
    TerritoryKind.EPCI: "l'intercommunalité",
    TerritoryKind.DEPARTEMENT: "le département",
    TerritoryKind.REGION: "la région",
}
