"""The SDG table other apps tag with (many-to-many), seeded from goals.py by a migration."""

from django.db import models

from alliances.sdg.goals import GOALS_BY_NUMBER


class Sdg(models.Model):
    number = models.PositiveSmallIntegerField("numéro", primary_key=True)
    title = models.CharField("titre", max_length=120)
    color = models.CharField("couleur officielle", max_length=7)

    class Meta:
        verbose_name = "objectif de développement durable"
        verbose_name_plural = "objectifs de développement durable"
        ordering = ["number"]

    def __str__(self) -> str:
        return f"ODD {self.number} — {self.title}"

    @property
    def text_color(self) -> str:
        return GOALS_BY_NUMBER[self.number].text_color
