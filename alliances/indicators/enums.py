"""Choices of the indicator store: value status, direction, aggregation rule, unit."""

from django.db import models


class ValueStatus(models.TextChoices):
    OK = "ok", "valeur diffusée"
    SECRET = "s", "secret statistique"
    NOT_AVAILABLE = "nd", "non disponible"


class Direction(models.TextChoices):
    HIGHER_BETTER = "higher_better", "plus c'est élevé, mieux c'est"
    HIGHER_WORSE = "higher_worse", "plus c'est élevé, plus c'est préoccupant"
    NEUTRAL = "neutral", "ni meilleur ni pire"


class Aggregation(models.TextChoices):
    # Counts add up from communes to EPCI, département, région and France.
    SUM = "sum", "somme des communes"
    # Rates are recomputed from the sum of their numerator and of their denominator,
    # never averaged: numerator and denominator are indicators of their own.
    RATIO = "ratio", "rapport recalculé (numérateur / dénominateur)"
    # Rates published without their numerator: numerator = rate × weight (its denominator),
    # which gives exactly the recomputed ratio.
    WEIGHTED = "weighted", "rapport recalculé à partir du taux et de son dénominateur"
    # Medians, deciles, classes: cannot be computed from communes; official value or nothing.
    NONE = "none", "non agrégeable (valeur officielle seulement)"


class Source(models.TextChoices):
    FILOSOFI = "filosofi", "INSEE, Filosofi"
    COMPARATEUR = "comparateur", "INSEE, base comparateur de territoires"
    DENSITE = "densite", "INSEE, grille communale de densité"


UNIT_LABELS = {
    "EUR": "€",
    "%": "%",
    "hab": "habitants",
    "hab/km2": "hab./km²",
    "km2": "km²",
    "nombre": "",
    "rapport": "",
    "classe": "",
}
