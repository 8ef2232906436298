"""Choices of the observatory: levels of the dashboards, metrics and their breakdowns."""

from django.db import models


class Level(models.TextChoices):
    NATIONAL = "national", "France"
    REGION = "region", "Région"
    DEPARTEMENT = "departement", "Département"
    EPCI = "epci", "Intercommunalité (EPCI)"
    COMMUNE = "commune", "Commune"


# Levels a count is rolled up to, finest first; a national row has no territory.
TERRITORIAL_LEVELS = [Level.COMMUNE, Level.EPCI, Level.DEPARTEMENT, Level.REGION]

# Levels that have a public dashboard (communes only feed the SDG compass).
DASHBOARD_LEVELS = [Level.NATIONAL, Level.REGION, Level.DEPARTEMENT, Level.EPCI]

# What a cell shows when statistical secrecy hides a count from 1 to 4.
SECRET_LABEL = "< 5"
SECRECY_THRESHOLD = 5


class ExportKind(models.TextChoices):
    PRACTICES = "pratiques", "Pratiques publiées"
    ALLIANCES = "alliances", "Alliances publiques"
    COUNTS = "chiffres", "Chiffres agrégés par territoire"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    JSON = "json", "JSON"
