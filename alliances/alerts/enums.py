"""Choices of the alerts app: how often a person is written to, and what an alert watches."""

from django.db import models


class Frequency(models.TextChoices):
    IMMEDIATE = "immediat", "Dès que possible"
    DAILY = "quotidien", "Une fois par jour"
    WEEKLY = "hebdomadaire", "Une fois par semaine"


class AlertKind(models.TextChoices):
    SEARCH = "recherche", "Recherche enregistrée"
    TERRITORY = "territoire", "Territoire suivi"
    ALLIANCE = "alliance", "Alliance suivie"
