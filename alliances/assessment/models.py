"""Self-assessments of a territory's co-construction maturity, answered against a versioned referential."""

from __future__ import annotations

import secrets
from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from alliances.assessment.enums import Mode
from alliances.assessment.referential import ReferentialData, referential_from_dict


class Referential(models.Model):
    """One published version of the referential; never changed once an assessment uses it."""

    version = models.PositiveSmallIntegerField("version", unique=True)
    title = models.CharField("titre", max_length=200)
    # The whole referential as loaded (axes, questions, level descriptions): past assessments
    # are read against the text their participants actually saw.
    data = models.JSONField("contenu")
    checksum = models.CharField("empreinte SHA-256 du fichier", max_length=64)
    loaded_at = models.DateTimeField("chargé le", auto_now_add=True)

    class Meta:
        verbose_name = "référentiel d'autodiagnostic"
        verbose_name_plural = "référentiels d'autodiagnostic"
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @cached_property
    def parsed(self) -> ReferentialData:
        return referential_from_dict(self.data)


def _new_token() -> str:
    return secrets.token_urlsafe(16)


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def completed(self) -> AssessmentQuerySet:
        return self.filter(completed_at__isnull=False)

    def visible_to(self, user) -> AssessmentQuerySet:
        """Public assessments, and those the user takes part in."""
        if user is None or not user.is_authenticated:
            return self.filter(is_public=True)
        return self.filter(Q(is_public=True) | Q(participants__user=user)).distinct()


class Assessment(models.Model):
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.PROTECT, related_name="assessments", verbose_name="territoire"
    )
    referential = models.ForeignKey(Referential, on_delete=models.PROTECT, related_name="assessments")
    mode = models.CharField("mode", max_length=8, choices=Mode.choices, default=Mode.SOLO)
    # The alliance answering together (its members may join without the invitation link).
    alliance = models.ForeignKey(
        "partnerships.Alliance",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name="alliance",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="créé par"
    )
    is_public = models.BooleanField(
        "résultats publics",
        default=False,
        help_text="Les scores par axe (jamais les réponses individuelles) apparaissent sur la page du territoire.",
    )
    invite_token = models.CharField(max_length=32, unique=True, default=_new_token, editable=False)
    is_demo = models.BooleanField("exemple fictif", default=False, editable=False)
    created_at = models.DateTimeField("commencé le", default=timezone.now)
    completed_at = models.DateTimeField("premiers résultats le", null=True, blank=True)
    # Denormalised results (axis slug → score 0–100), recomputed at each completion: the peer
    # benchmark reads them without loading every answer.
    scores = models.JSONField("scores par axe", default=dict, blank=True)
    overall_score = models.FloatField("score global", null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = "autodiagnostic"
        verbose_name_plural = "autodiagnostics"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["territory", "-created_at"], name="assessment_territory_date")]

    def __str__(self) -> str:
        return f"Autodiagnostic {self.territory.of_name} du {timezone.localdate(self.created_at):%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:take", kwargs={"pk": self.pk})

    def get_results_url(self) -> str:
        return reverse("assessment:results", kwargs={"pk": self.pk})

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class Participant(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_participations"
    )
    joined_at = models.DateTimeField("a rejoint le", default=timezone.now)
    completed_at = models.DateTimeField("a terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "participant"
        constraints = [
            models.UniqueConstraint(fields=["assessment", "user"], name="assessment_participant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user.public_name} — {self.assessment}"


class Answer(models.Model):
    """One participant's answer to one question; a NULL level means « je ne sais pas »."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="answers")
    # The id of the question in the referential version of the assessment (e.g. "gouvernance.regles").
    question_id = models.CharField("question", max_length=80)
    level = models.PositiveSmallIntegerField("niveau", null=True, blank=True)
    answered_at = models.DateTimeField("répondu le", auto_now=True)

    class Meta:
        verbose_name = "réponse"
        constraints = [
            models.UniqueConstraint(fields=["participant", "question_id"], name="assessment_answer_unique"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=4), name="assessment_answer_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} = {self.level or 'je ne sais pas'}"
