"""Choices of the self-assessment."""

from django.db import models


class Mode(models.TextChoices):
    SOLO = "seul", "Seul"
    GROUP = "groupe", "À plusieurs"


class Agreement(models.TextChoices):
    AGREE = "accord", "Accord"
    NUANCED = "nuances", "Avis nuancés"
    DISAGREE = "desaccord", "Désaccord"


# Value posted for "je ne sais pas" (stored as a NULL level).
DONT_KNOW = "nsp"
