"""The indicator store: what an indicator is, and its value per territory and vintage.

A value may be missing: under statistical secrecy (`s`) or not available (`nd`); it is then
stored with `value=None` and its status, and shown as such, never as 0.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from alliances.indicators.enums import Aggregation, Direction, ValueStatus


class Indicator(models.Model):
    code = models.SlugField("code", max_length=60, unique=True)
    label = models.CharField("libellé", max_length=200)
    unit = models.CharField("unité", max_length=12)
    direction = models.CharField("sens", max_length=16, choices=Direction.choices, default=Direction.NEUTRAL)
    source = models.CharField("source", max_length=200)
    definition = models.TextField("définition")
    aggregation = models.CharField("règle d'agrégation", max_length=12, choices=Aggregation.choices)
    numerator = models.CharField("numérateur (code)", max_length=60, blank=True)
    denominator = models.CharField("dénominateur ou pondération (code)", max_length=60, blank=True)
    scale = models.FloatField("échelle", default=1.0, help_text="100 pour un pourcentage")
    decimals = models.PositiveSmallIntegerField("décimales affichées", default=0)
    is_key = models.BooleanField("chiffre clé du portrait", default=False)
    theme = models.CharField("thème", max_length=30, blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    sdgs = models.ManyToManyField("sdg.Sdg", blank=True, verbose_name="ODD concernés")

    class Meta:
        verbose_name = "indicateur"
        verbose_name_plural = "indicateurs"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label


class IndicatorValue(models.Model):
    # One index only, the unique one, territory first: it serves the portrait (every value of a
    # territory), the comparables (the values of a list of territories) and the upserts of the
    # imports. A second index starting with the indicator made a national import write two
    # B-trees in two different orders and cost twice the time (BENCHMARKS.md).
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values", db_index=False)
    # None = France entière.
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicator_values",
        db_index=False,
    )
    vintage = models.PositiveSmallIntegerField("millésime")
    value = models.FloatField("valeur", null=True, blank=True)
    status = models.CharField("statut", max_length=2, choices=ValueStatus.choices, default=ValueStatus.OK)
    # True when the platform computed the value from the communes (aggregation), False for
    # a value read from an official file.
    is_computed = models.BooleanField("calculée par agrégation", default=False)
    # For a computed ratio: share of the denominator covered by communes whose value is known.
    coverage = models.FloatField("couverture", null=True, blank=True)

    class Meta:
        verbose_name = "valeur d'indicateur"
        verbose_name_plural = "valeurs d'indicateurs"
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "indicator", "vintage"], name="indicator_value_unique_territory"
            ),
            # NULLs are distinct in a unique index: France needs its own constraint.
            models.UniqueConstraint(
                fields=["indicator", "vintage"],
                condition=Q(territory__isnull=True),
                name="indicator_value_unique_france",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=ValueStatus.OK, value__isnull=False) | (~Q(status=ValueStatus.OK) & Q(value__isnull=True))
                ),
                name="indicator_value_status_matches_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.territory_id} {self.vintage}: {self.value if self.value is not None else self.status}"


class CommunesMedian(models.Model):
    """The median of the commune values of an indicator within a département, a région or France.

    Shown beside a territory's figure when the territory's own value cannot exist (a median
    income does not add up from communes) or is not available (too many communes under
    secrecy): a clearly named equivalent rather than a column of "non disponible".
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="communes_medians")
    # None = France entière.
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=False
    )
    vintage = models.PositiveSmallIntegerField("millésime")
    median = models.FloatField("médiane des communes")
    count = models.PositiveIntegerField("nombre de communes dont la valeur est connue")

    class Meta:
        verbose_name = "médiane des communes"
        verbose_name_plural = "médianes des communes"
        constraints = [
            models.UniqueConstraint(fields=["territory", "indicator", "vintage"], name="communes_median_unique"),
            models.UniqueConstraint(
                fields=["indicator", "vintage"], condition=Q(territory__isnull=True), name="communes_median_france"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.territory_id} {self.vintage}: {self.median}"
