"""Inspiring practices (case studies of co-construction), their partners, files, revisions and corrections."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from alliances.core.fields import MESSAGE_MAX_LENGTH, RICH_TEXT_MAX_LENGTH, BoundedTextField
from alliances.practices.enums import (
    BudgetBand,
    CoConstructionForm,
    CorrectionStatus,
    Fragility,
    MecenatKind,
    PartnerRole,
    PartnershipType,
    Stage,
    Status,
)


class PracticeQuerySet(models.QuerySet["Practice"]):
    def published(self) -> PracticeQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def awaiting_moderation(self) -> PracticeQuerySet:
        return self.filter(status=Status.SUBMITTED)

    def with_cards(self) -> PracticeQuerySet:
        """What a card in a list shows: territories (with région) and SDGs, in a fixed number of queries."""
        return self.prefetch_related(
            models.Prefetch("territories", queryset=_territory_model().objects.select_related("region")),
            "sdgs",
        )


def _territory_model():
    from alliances.territories.models import Territory

    return Territory


class Practice(models.Model):
    title = models.CharField("titre", max_length=200)
    summary = BoundedTextField(
        "résumé", max_length=1200, help_text="Un paragraphe : qui, où, quoi, avec quel résultat."
    )
    territories = models.ManyToManyField(
        "territories.Territory", verbose_name="territoires", related_name="practices", blank=True
    )
    fragilities = models.JSONField("fragilités traitées", default=list, blank=True)
    problem = BoundedTextField("problème traité", max_length=RICH_TEXT_MAX_LENGTH, blank=True)
    actions = BoundedTextField("ce qui a été fait", max_length=RICH_TEXT_MAX_LENGTH, blank=True)
    form = models.CharField("forme de co-construction", max_length=32, choices=CoConstructionForm.choices, blank=True)
    partnership_types = models.JSONField("types de partenariat", default=list, blank=True)
    mecenat_kinds = models.JSONField("formes de mécénat", default=list, blank=True)
    sdgs = models.ManyToManyField("sdg.Sdg", verbose_name="ODD", related_name="practices", blank=True)
    sdg_targets = models.CharField("cibles ODD", max_length=200, blank=True, help_text="Par exemple : 8.6, 4.4")
    started_on = models.DateField("début", null=True, blank=True)
    ended_on = models.DateField("fin", null=True, blank=True)
    stage = models.CharField("étape", max_length=16, choices=Stage.choices, blank=True)
    budget_band = models.CharField("budget", max_length=16, choices=BudgetBand.choices, blank=True)
    funding_sources = BoundedTextField("sources de financement", max_length=MESSAGE_MAX_LENGTH, blank=True)
    results = BoundedTextField("résultats et chiffres", max_length=RICH_TEXT_MAX_LENGTH, blank=True)
    impact_organisations = BoundedTextField(
        "impact sur les organisations partenaires", max_length=RICH_TEXT_MAX_LENGTH, blank=True
    )
    impact_innovation = BoundedTextField(
        "innovation territoriale et sociétale", max_length=RICH_TEXT_MAX_LENGTH, blank=True
    )
    impact_trust = BoundedTextField("confiance entre acteurs", max_length=RICH_TEXT_MAX_LENGTH, blank=True)
    lessons = BoundedTextField("enseignements et conditions de réussite", max_length=RICH_TEXT_MAX_LENGTH, blank=True)
    links = models.JSONField("liens", default=list, blank=True)

    status = models.CharField("statut", max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    moderator_comment = BoundedTextField("commentaire de la modération", max_length=MESSAGE_MAX_LENGTH, blank=True)
    # Last step of the guided form the contributor saved (resume where they left off).
    draft_step = models.PositiveSmallIntegerField(default=1)

    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="practices", verbose_name="contributeur"
    )
    # The partnerships app publishes an alliance as a practice; an id (not a FK) keeps the apps apart.
    source_alliance_id = models.PositiveIntegerField("alliance d'origine", null=True, blank=True)
    is_demo = models.BooleanField("exemple fictif", default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = "pratique inspirante"
        verbose_name_plural = "pratiques inspirantes"
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="practice_status_published")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def fragility_labels(self) -> list[str]:
        return [Fragility(v).label for v in self.fragilities if v in Fragility.values]

    def partnership_type_labels(self) -> list[str]:
        return [PartnershipType(v).label for v in self.partnership_types if v in PartnershipType.values]

    def mecenat_kind_labels(self) -> list[str]:
        return [MecenatKind(v).label for v in self.mecenat_kinds if v in MecenatKind.values]


class PracticeTag(models.Model):
    """One facet value of a practice ("odd:8", "fragilite:emploi", "region:76"): facet counts are one GROUP BY."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="tags")
    tag = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["practice", "tag"], name="practice_tag_unique")]
        indexes = [models.Index(fields=["tag", "practice"], name="practice_tag_lookup")]

    def __str__(self) -> str:
        return self.tag


class PracticePartner(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="partners")
    # Free text always (the partner may not be in the directory); the link when it is.
    name = models.CharField("nom", max_length=200)
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_partnerships",
        verbose_name="organisation de l'annuaire",
    )
    role = models.CharField("rôle", max_length=16, choices=PartnerRole.choices, default=PartnerRole.OTHER)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "partenaire"

    def __str__(self) -> str:
        return self.name


def attachment_path(instance: PracticeAttachment, filename: str) -> str:
    # A random part: a draft's file must not be found by guessing its path under /media/
    # (files are served by `attachment_download`, which checks who may see them).
    return f"pratiques/{instance.practice_id}/{secrets.token_urlsafe(12)}-{filename}"


class PracticeAttachment(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("fichier", upload_to=attachment_path)
    title = models.CharField("titre", max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "pièce jointe"

    def __str__(self) -> str:
        return self.title

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class PracticeRevision(models.Model):
    """A snapshot of a published practice, written at each publication (history of what the public saw)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["practice", "number"], name="practice_revision_unique")]

    def __str__(self) -> str:
        return f"{self.practice_id} v{self.number}"


class PracticeEvent(models.Model):
    """Audit entry of a status change (who submitted, published, returned, rejected, and why)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=16, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    comment = BoundedTextField(max_length=MESSAGE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.practice_id} → {self.status}"


class CorrectionProposal(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="corrections")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = BoundedTextField("correction proposée", max_length=MESSAGE_MAX_LENGTH)
    status = models.CharField(max_length=16, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "proposition de correction"

    def __str__(self) -> str:
        return f"Correction de {self.practice_id}"


class TagsVersion(models.Model):
    """A single row whose number grows whenever the tags of published practices change.

    Cached facet counts are keyed on it, so every process (several Gunicorn workers, several
    servers) sees at once that they are stale, whatever the cache backend.
    """

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"version {self.number}"
