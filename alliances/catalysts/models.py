"""The catalysts' network: one public profile per catalyst, and the contact requests they receive."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from alliances.catalysts.enums import (
    Availability,
    ContactPreference,
    Language,
    Metier,
    ProfileStatus,
    RequestStatus,
    Theme,
)
from alliances.catalysts.fields import MultipleChoiceField
from alliances.core.fields import BoundedTextField


class CatalystProfileQuerySet(models.QuerySet["CatalystProfile"]):
    def visible(self) -> CatalystProfileQuerySet:
        """What anyone may see: validated by a moderator, public, account still active."""
        return self.filter(status=ProfileStatus.VALIDATED, is_public=True, user__is_active=True)


class CatalystProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="catalyst_profile")
    name = models.CharField("nom affiché", max_length=150)
    photo = models.ImageField(
        "photo",
        upload_to="catalyseurs/photos/",
        blank=True,
        help_text="Facultative. JPEG, PNG ou WebP, 5 Mo au plus ; elle est réduite et ses métadonnées "
        "(lieu de prise de vue…) sont supprimées.",
    )
    organisation_name = models.CharField("organisation", max_length=200, blank=True)
    bio = BoundedTextField("présentation", max_length=1500, help_text="1 500 caractères au plus.")
    experience = BoundedTextField(
        "pratiques et alliances accompagnées",
        max_length=2000,
        blank=True,
        help_text="Les démarches auxquelles vous avez pris part, avec leur territoire.",
    )
    territories = models.ManyToManyField(
        "territories.Territory",
        verbose_name="territoires d'intervention",
        related_name="+",
        help_text="Communes, intercommunalités, départements ou régions où vous intervenez.",
    )
    metiers = MultipleChoiceField("métiers", choices=Metier.choices, blank=False)
    themes = MultipleChoiceField("thèmes et fragilités", choices=Theme.choices)
    sdgs = models.ManyToManyField("sdg.Sdg", blank=True, verbose_name="ODD d'expertise", related_name="+")
    languages = MultipleChoiceField("langues", choices=Language.choices, blank=False)
    availability = models.CharField(
        "disponibilité", max_length=12, choices=Availability.choices, default=Availability.AVAILABLE
    )
    contact_preference = models.CharField(
        "façon préférée d'être contacté·e",
        max_length=12,
        choices=ContactPreference.choices,
        default=ContactPreference.PLATFORM,
    )
    is_public = models.BooleanField(
        "profil visible",
        default=True,
        help_text="Décochez pour masquer votre profil de l'annuaire, de la recherche et de l'API.",
    )
    status = models.CharField("validation", max_length=12, choices=ProfileStatus.choices, default=ProfileStatus.PENDING)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_demo = models.BooleanField("exemple fictif", default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CatalystProfileQuerySet.as_manager()

    class Meta:
        verbose_name = "profil de catalyseur"
        verbose_name_plural = "profils de catalyseurs"
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "is_public"], name="catalyst_visible")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalysts:detail", kwargs={"pk": self.pk})

    @property
    def is_visible(self) -> bool:
        return self.status == ProfileStatus.VALIDATED and self.is_public and self.user.is_active

    @property
    def unreachable_reason(self) -> str:
        """Why nobody may contact this catalyst nor invite them into an alliance ("" when one may).

        The one rule for the contact form and the alliance workspace: a demo profile is fictional,
        its address ends in `.invalid` and no message would ever reach anybody.
        """
        if self.is_demo:
            return (
                "Ce profil est un exemple fictif de démonstration : on ne peut ni contacter cette personne, "
                "ni l'inviter dans une alliance."
            )
        return ""

    @property
    def is_unavailable(self) -> bool:
        return self.availability == Availability.UNAVAILABLE

    # Labels read from dicts built once: `Metier.values` rebuilds its list on every access (about
    # 1 ms of the 11 ms of CPU of the catalysts' section of a big city's page, 46 profiles).
    def metier_labels(self) -> list[str]:
        return [_METIER_LABELS[m] for m in self.metiers if m in _METIER_LABELS]

    def theme_labels(self) -> list[str]:
        return [_THEME_LABELS[t] for t in self.themes if t in _THEME_LABELS]

    def language_labels(self) -> list[str]:
        return [_LANGUAGE_LABELS[x] for x in self.languages if x in _LANGUAGE_LABELS]


_METIER_LABELS = {value: str(label) for value, label in Metier.choices}
_THEME_LABELS = {value: str(label) for value, label in Theme.choices}
_LANGUAGE_LABELS = {value: str(label) for value, label in Language.choices}


class ContactRequestQuerySet(models.QuerySet["ContactRequest"]):
    def open(self) -> ContactRequestQuerySet:
        return self.filter(status=RequestStatus.NEW)


class ContactRequest(models.Model):
    """A signed-in user asks a catalyst to get in touch; nobody's address is shown on the site."""

    catalyst = models.ForeignKey(CatalystProfile, on_delete=models.CASCADE, related_name="contact_requests")
    # SET_NULL: a deleted sender leaves the request to the catalyst, signed "utilisateur supprimé".
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="catalyst_requests_sent"
    )
    subject = models.CharField("objet", max_length=150)
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="territoire concerné",
    )
    message = BoundedTextField("message", max_length=3000)
    consent_share = models.BooleanField("accord pour partager mes coordonnées", default=False)
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.NEW)
    response_message = BoundedTextField("réponse", max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ContactRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande de mise en relation"
        verbose_name_plural = "demandes de mise en relation"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sender", "created_at"], name="contact_request_sender_day")]
        constraints = [
            models.CheckConstraint(condition=Q(consent_share=True), name="contact_request_consent"),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("catalysts:request", kwargs={"pk": self.pk})

    @property
    def sender_name(self) -> str:
        return self.sender.public_name if self.sender and self.sender.is_active else "utilisateur supprimé"
