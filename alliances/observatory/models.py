"""Tables of the observatory: aggregated counts, refresh runs, curated key figures, open-data files.

Dashboards, maps, exports and the API read `TerritoryCount` only: the counts are computed by
`observatory_refresh()` (a background task, a command, and after the demo is loaded), never by
scanning the source tables on each request.
"""

from __future__ import annotations

from django.db import models

from alliances.observatory.enums import SECRET_LABEL, ExportFormat, ExportKind, Level

# What a cell hidden by secondary suppression shows (its count may be 5 or more, so "< 5"
# would be false; it is hidden so that "< 5" cells cannot be worked out by subtraction).
SECONDARY_LABEL = "secret"


class TerritoryCountQuerySet(models.QuerySet["TerritoryCount"]):
    def for_scope(self, level: str, territory_id: int | None) -> TerritoryCountQuerySet:
        if level == Level.NATIONAL:
            return self.filter(level=level, territory__isnull=True)
        return self.filter(level=level, territory_id=territory_id)

    def totals(self) -> TerritoryCountQuerySet:
        return self.filter(dimension="")


class TerritoryCount(models.Model):
    """One published cell: how many items of a metric, in a territory, for one value of a dimension.

    `dimension == ""` is the territory's total for the metric. Cells of confidential metrics
    (computed on non-public alliances or self-assessments) carry `suppressed=True` when they
    must not be shown (statistical secrecy, see docs/observatory.md).
    """

    level = models.CharField("niveau", max_length=12, choices=Level.choices)
    # Null for the national level (France as a whole).
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="territoire",
    )
    metric = models.CharField("indicateur", max_length=40)
    dimension = models.CharField("ventilation", max_length=40, blank=True)
    value = models.CharField("modalité", max_length=60, blank=True)
    value_label = models.CharField("libellé de la modalité", max_length=200, blank=True)
    count = models.PositiveIntegerField("effectif")
    confidential = models.BooleanField("calculé sur des données non publiques", default=False)
    suppressed = models.BooleanField("masqué (secret statistique)", default=False)
    # Primary suppression hides counts from 1 to 4; secondary hides a complement so that a
    # hidden cell cannot be recovered from a total.
    secondary = models.BooleanField("masqué en secret secondaire", default=False)
    computed_at = models.DateTimeField("calculé le")

    objects = TerritoryCountQuerySet.as_manager()

    class Meta:
        verbose_name = "chiffre agrégé"
        verbose_name_plural = "chiffres agrégés"
        indexes = [
            models.Index(fields=["level", "territory", "metric"], name="obs_count_scope"),
            models.Index(fields=["level", "metric", "dimension", "value"], name="obs_count_map"),
        ]

    def __str__(self) -> str:
        return f"{self.level}:{self.territory_id} {self.metric}/{self.dimension}={self.value}: {self.count}"

    @property
    def published(self) -> int | str:
        """The value as shown in pages, exports and the API."""
        if not self.suppressed:
            return self.count
        return SECONDARY_LABEL if self.secondary else SECRET_LABEL


class RefreshRun(models.Model):
    """One computation of the aggregates: when, how many cells, which sources took part."""

    started_at = models.DateTimeField("début")
    finished_at = models.DateTimeField("fin", null=True, blank=True)
    cells = models.PositiveIntegerField("cellules", default=0)
    # {metric: "ok" | reason why the source app contributed nothing}
    sources = models.JSONField("sources", default=dict)

    class Meta:
        verbose_name = "calcul de l'observatoire"
        verbose_name_plural = "calculs de l'observatoire"
        get_latest_by = "started_at"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.cells} cellules)"


class KeyFigureQuerySet(models.QuerySet["KeyFigure"]):
    def published(self) -> KeyFigureQuerySet:
        return self.filter(is_published=True)


class KeyFigure(models.Model):
    """A figure from the collective's studies, always shown with its source and year."""

    value = models.CharField("chiffre", max_length=40, help_text="Par exemple « 81 % » ou « 1,2 million ».")
    text = models.CharField("ce qu'il mesure", max_length=300)
    source = models.CharField("source", max_length=300)
    source_url = models.URLField("lien vers la source", blank=True)
    year = models.PositiveSmallIntegerField("année")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    is_published = models.BooleanField("publié", default=True)

    objects = KeyFigureQuerySet.as_manager()

    class Meta:
        verbose_name = "chiffre clé des études"
        verbose_name_plural = "chiffres clés des études"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.value} {self.text}"


class ExportFile(models.Model):
    """An open-data file generated in the background and served with its generation date."""

    kind = models.CharField("jeu de données", max_length=12, choices=ExportKind.choices)
    format = models.CharField("format", max_length=8, choices=ExportFormat.choices)
    path = models.CharField("fichier", max_length=300)
    rows = models.PositiveIntegerField("lignes", default=0)
    size = models.PositiveBigIntegerField("taille (octets)", default=0)
    generated_at = models.DateTimeField("généré le")

    class Meta:
        verbose_name = "fichier de données ouvertes"
        verbose_name_plural = "fichiers de données ouvertes"
        constraints = [models.UniqueConstraint(fields=["kind", "format"], name="export_unique_kind_format")]

    def __str__(self) -> str:
        return f"{self.kind}.{self.format}"

    @property
    def filename(self) -> str:
        return f"observatoire-{self.kind}.{self.format}"
