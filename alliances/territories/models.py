"""The official territory referential: communes, EPCI, départements, régions, postal codes.

One table holds every level so that the other apps can point at "a territory" of any
level with a single foreign key (a practice in an EPCI, a catalyst acting on a région).
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from alliances.territories.enums import CommuneType, TerritoryKind


class TerritoryQuerySet(models.QuerySet["Territory"]):
    def communes(self) -> TerritoryQuerySet:
        return self.filter(kind=TerritoryKind.COMMUNE)

    def current_communes(self) -> TerritoryQuerySet:
        """Communes actuelles only (no delegated/associated communes, no arrondissements)."""
        return self.filter(kind=TerritoryKind.COMMUNE, commune_type=CommuneType.ACTUELLE)

    def epcis(self) -> TerritoryQuerySet:
        return self.filter(kind=TerritoryKind.EPCI)

    def departements(self) -> TerritoryQuerySet:
        return self.filter(kind=TerritoryKind.DEPARTEMENT)

    def regions(self) -> TerritoryQuerySet:
        return self.filter(kind=TerritoryKind.REGION)


class Territory(models.Model):
    kind = models.CharField("niveau", max_length=12, choices=TerritoryKind.choices)
    code = models.CharField(
        "code officiel",
        max_length=9,
        help_text="Code INSEE (commune, département, région) ou SIREN (EPCI).",
    )
    name = models.CharField("nom", max_length=200)
    # Lower-case, accent-free, hyphen-free form with "st"/"ste" expanded: what search matches.
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    siren = models.CharField("SIREN", max_length=9, blank=True, db_index=True)
    commune_type = models.CharField("type de commune", max_length=24, choices=CommuneType.choices, blank=True)
    epci_type = models.CharField("nature juridique de l'EPCI", max_length=8, blank=True)
    zone = models.CharField("zone", max_length=8, blank=True, help_text="metro, drom, com")
    chef_lieu = models.CharField("chef-lieu (code commune)", max_length=5, blank=True)

    # Latest official population (municipal population) and its vintage, denormalised
    # from TerritoryPopulation because every list sorts on it.
    population = models.PositiveIntegerField("population", null=True, blank=True)
    population_vintage = models.PositiveSmallIntegerField("millésime", null=True, blank=True)

    departement = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": TerritoryKind.DEPARTEMENT},
    )
    region = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": TerritoryKind.REGION},
    )
    epci = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member_communes",
        limit_choices_to={"kind": TerritoryKind.EPCI},
    )
    # For delegated/associated communes and arrondissements: the commune they belong to.
    parent_commune = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_communes",
    )
    # Vintage of the official division (COG) this row comes from.
    cog_vintage = models.PositiveSmallIntegerField("millésime du COG")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = "territoire"
        verbose_name_plural = "territoires"
        constraints = [
            # A delegated commune often keeps the code of the commune nouvelle it belongs to,
            # hence commune_type in the key.
            models.UniqueConstraint(fields=["kind", "code", "commune_type"], name="territory_unique_kind_code_type"),
        ]
        indexes = [
            models.Index(fields=["kind", "-population"], name="territory_kind_population"),
            models.Index(fields=["departement", "kind"], name="territory_departement_kind"),
            models.Index(fields=["region", "kind"], name="territory_region_kind"),
        ]

    def __str__(self) -> str:
        if self.kind == TerritoryKind.COMMUNE and self.departement_id:
            return f"{self.name} ({self.code})"
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("territories:detail", kwargs={"kind": self.kind, "code": self.code})

    @property
    def ref(self) -> str:
        """The territory as written in API parameters: `commune:48095`, `epci:244800405`."""
        return f"{self.kind}:{self.code}"


class TerritoryPopulation(models.Model):
    """A legal population of a territory for one vintage of the official division."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="populations")
    vintage = models.PositiveSmallIntegerField("millésime")
    population = models.PositiveIntegerField("population municipale")
    source = models.CharField("source", max_length=200)

    class Meta:
        verbose_name = "population légale"
        verbose_name_plural = "populations légales"
        ordering = ["-vintage"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "vintage"], name="population_unique_vintage"),
        ]

    def __str__(self) -> str:
        return f"{self.population} hab. ({self.vintage})"


class PostalCode(models.Model):
    """One postal code covers several communes and a commune can have several postal codes."""

    code = models.CharField("code postal", max_length=5, db_index=True)
    commune = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="postal_codes")
    vintage = models.PositiveSmallIntegerField("millésime")

    class Meta:
        verbose_name = "code postal"
        verbose_name_plural = "codes postaux"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "commune"], name="postal_code_unique_commune"),
        ]

    def __str__(self) -> str:
        return self.code


class ReferentialLoad(models.Model):
    """Record of each load of the referential, so that a second load of the same file is a no-op."""

    source = models.CharField(max_length=200)
    checksum = models.CharField(max_length=64)
    vintage = models.PositiveSmallIntegerField()
    loaded_at = models.DateTimeField(auto_now_add=True)
    counts = models.JSONField(default=dict)

    class Meta:
        get_latest_by = "loaded_at"

    def __str__(self) -> str:
        return f"{self.source} ({self.loaded_at:%Y-%m-%d})"
