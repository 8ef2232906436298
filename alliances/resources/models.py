"""Kits (structured guides), other resources (webinars, MOOC, documents, tools) and events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from alliances.core.fields import ADDRESS_MAX_LENGTH, RICH_TEXT_MAX_LENGTH, TRANSCRIPT_MAX_LENGTH, BoundedTextField
from alliances.core.text import normalize
from alliances.resources.enums import (
    EventKind,
    PublicationStatus,
    RegistrationMode,
    RegistrationStatus,
    ResourceKind,
    Step,
    ToolKind,
)
from alliances.resources.validators import validate_document

# Resource slugs that would hide a route of the resource centre (/ressources/evenements/…).
RESERVED_SLUGS = {"evenements", "outils"}


class MethodStep(models.Model):
    """One of the five steps of the method, seeded by a migration."""

    code = models.CharField("code", max_length=20, primary_key=True, choices=Step.choices)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "étape de la démarche"
        verbose_name_plural = "étapes de la démarche"
        ordering = ["position"]

    def __str__(self) -> str:
        return self.get_code_display()

    @property
    def label(self) -> str:
        return self.get_code_display()


class Theme(models.Model):
    """A theme or local fragility a resource answers (emploi, isolement, crise…)."""

    code = models.SlugField("code", max_length=40, primary_key=True)
    label = models.CharField("libellé", max_length=100)

    class Meta:
        verbose_name = "thème ou fragilité"
        verbose_name_plural = "thèmes et fragilités"
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class AssessmentAxis(models.Model):
    """An axis of the self-assessment; a free slug shared with alliances.assessment."""

    slug = models.SlugField("identifiant", max_length=40, primary_key=True)
    label = models.CharField("libellé", max_length=100)

    class Meta:
        verbose_name = "axe de l'autodiagnostic"
        verbose_name_plural = "axes de l'autodiagnostic"
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def kits(self):
        return self.filter(kind=ResourceKind.KIT)

    def for_list(self):
        """What a list needs without one query per row."""
        return self.prefetch_related("steps", "themes", "sdgs")


class Resource(models.Model):
    """A kit, a webinar, a MOOC, a document or an external tool; kits have steps and tools."""

    kind = models.CharField("type", max_length=20, choices=ResourceKind.choices)
    title = models.CharField("titre", max_length=200)
    slug = models.SlugField(
        "adresse",
        max_length=120,
        unique=True,
        help_text="Partie de l'adresse web de la page, par exemple « kit-co-construction ».",
    )
    summary = models.CharField("résumé", max_length=400, help_text="Deux phrases au plus, affichées dans les listes.")
    body = BoundedTextField(
        "introduction / description", max_length=RICH_TEXT_MAX_LENGTH, blank=True, help_text="Markdown."
    )
    examples = BoundedTextField(
        "exemples",
        max_length=RICH_TEXT_MAX_LENGTH,
        blank=True,
        help_text="Markdown. Pour un kit : exemples de mise en œuvre.",
    )
    status = models.CharField(
        "statut", max_length=12, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    published_at = models.DateTimeField("publié le", null=True, blank=True, editable=False)
    resource_date = models.DateField(
        "date", null=True, blank=True, help_text="Date du webinaire, de la session du MOOC ou du document."
    )
    speakers = models.CharField("intervenants", max_length=300, blank=True)
    duration_minutes = models.PositiveIntegerField("durée (minutes)", null=True, blank=True)
    url = models.URLField(
        "lien",
        max_length=500,
        blank=True,
        help_text="Vidéo du webinaire, page du MOOC, adresse de l'outil ou de la source de données.",
    )
    transcript = BoundedTextField("transcription", max_length=TRANSCRIPT_MAX_LENGTH, blank=True, help_text="Markdown.")
    document = models.FileField(
        "document",
        upload_to="ressources/documents/%Y/",
        blank=True,
        validators=[validate_document],
        help_text="PDF, Word, Excel, PowerPoint ou OpenDocument ; 20 Mo au plus.",
    )
    document_size = models.PositiveBigIntegerField("taille du document (octets)", null=True, blank=True, editable=False)
    publisher = models.CharField(
        "éditeur", max_length=200, blank=True, help_text="Organisation qui publie l'outil ou la source de données."
    )
    steps = models.ManyToManyField(
        MethodStep, verbose_name="étapes de la démarche", blank=True, related_name="resources"
    )
    themes = models.ManyToManyField(Theme, verbose_name="thèmes et fragilités", blank=True, related_name="resources")
    axes = models.ManyToManyField(
        AssessmentAxis, verbose_name="axes de l'autodiagnostic", blank=True, related_name="resources"
    )
    sdgs = models.ManyToManyField("sdg.Sdg", verbose_name="ODD", blank=True, related_name="resources")
    related_kits = models.ManyToManyField(
        "self",
        verbose_name="kits liés",
        blank=True,
        symmetrical=False,
        limit_choices_to={"kind": ResourceKind.KIT},
        related_name="related_resources",
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    is_demo = models.BooleanField("exemple fictif", default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = "ressource"
        verbose_name_plural = "ressources"
        ordering = ["-published_at", "title"]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.document and not getattr(self.document, "_committed", True):
            self.document_size = self.document.size
        elif not self.document:
            self.document_size = None
        if self.status == PublicationStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.search_text = normalize(
            " ".join(
                [self.title, self.summary, self.body, self.examples, self.speakers, self.publisher, self.transcript]
            )
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("resources:detail", args=[self.slug])

    @property
    def is_kit(self) -> bool:
        return self.kind == ResourceKind.KIT

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.kind in (ResourceKind.WEBINAR, ResourceKind.MOOC, ResourceKind.TOOL) and not self.url:
            errors["url"] = "Indiquez le lien : la vidéo, la page du MOOC ou l'adresse de l'outil."
        if self.kind == ResourceKind.DOCUMENT and not self.document:
            errors["document"] = "Joignez le document (PDF ou fichier bureautique)."
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = "Cette adresse est réservée par le centre de ressources ; choisissez-en une autre."
        if self.kind == ResourceKind.TOOL and not self.publisher:
            errors["publisher"] = "Indiquez qui publie l'outil ou la source de données."
        if errors:
            raise ValidationError(errors)


class ResourceLink(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="links")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    title = models.CharField("intitulé", max_length=200)
    url = models.URLField("adresse", max_length=500)

    class Meta:
        verbose_name = "lien"
        verbose_name_plural = "liens pour aller plus loin"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class KitStep(models.Model):
    """One step of a kit: what to do, and the tools that help."""

    kit = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="kit_steps", limit_choices_to={"kind": ResourceKind.KIT}
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)
    title = models.CharField("titre", max_length=200)
    body = BoundedTextField("contenu", max_length=RICH_TEXT_MAX_LENGTH, blank=True, help_text="Markdown.")
    method_step = models.ForeignKey(
        MethodStep, verbose_name="étape de la démarche", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = "étape du kit"
        verbose_name_plural = "étapes du kit"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class KitTool(models.Model):
    """A checklist, a template to download or questions to ask, attached to a kit step."""

    kit_step = models.ForeignKey(KitStep, on_delete=models.CASCADE, related_name="tools")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    kind = models.CharField("type d'outil", max_length=12, choices=ToolKind.choices)
    title = models.CharField("titre", max_length=200)
    body = BoundedTextField(
        "contenu",
        max_length=RICH_TEXT_MAX_LENGTH,
        blank=True,
        help_text="Markdown. Une liste à puces pour une liste de vérification ou des questions.",
    )
    file = models.FileField(
        "modèle à télécharger", upload_to="ressources/modeles/%Y/", blank=True, validators=[validate_document]
    )
    file_size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "outil"
        verbose_name_plural = "outils"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not getattr(self.file, "_committed", True):
            self.file_size = self.file.size
        elif not self.file:
            self.file_size = None
        super().save(*args, **kwargs)

    def get_download_url(self) -> str:
        return reverse("resources:tool_download", args=[self.pk])


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def upcoming(self, now=None):
        """Events not finished yet, soonest first."""
        now = now or timezone.now()
        return self.filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)).order_by("starts_at")

    def past(self, now=None):
        now = now or timezone.now()
        return self.exclude(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)).order_by("-starts_at")


class Event(models.Model):
    """A conference, a workshop or a webinar; times are stored in UTC, shown in Europe/Paris."""

    kind = models.CharField("type", max_length=20, choices=EventKind.choices)
    title = models.CharField("titre", max_length=200)
    slug = models.SlugField("adresse", max_length=120, unique=True)
    summary = models.CharField("résumé", max_length=400)
    body = BoundedTextField("programme", max_length=RICH_TEXT_MAX_LENGTH, blank=True, help_text="Markdown.")
    starts_at = models.DateTimeField("début", help_text="Heure de Paris.")
    ends_at = models.DateTimeField("fin", null=True, blank=True, help_text="Heure de Paris.")
    place = BoundedTextField("lieu (adresse)", max_length=ADDRESS_MAX_LENGTH, blank=True)
    online_url = models.URLField("lien de connexion", max_length=500, blank=True)
    organiser = models.CharField("organisateur", max_length=200)
    audience = models.CharField("public", max_length=200, blank=True)
    registration_mode = models.CharField(
        "inscription", max_length=10, choices=RegistrationMode.choices, default=RegistrationMode.INTERNAL
    )
    capacity = models.PositiveIntegerField("nombre de places", null=True, blank=True)
    registration_url = models.URLField("lien d'inscription externe", max_length=500, blank=True)
    replay_url = models.URLField(
        "lien du replay", max_length=500, blank=True, help_text="Gardé après l'événement pour le revoir."
    )
    status = models.CharField(
        "statut", max_length=12, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    published_at = models.DateTimeField("publié le", null=True, blank=True, editable=False)
    themes = models.ManyToManyField(Theme, verbose_name="thèmes et fragilités", blank=True, related_name="events")
    sdgs = models.ManyToManyField("sdg.Sdg", verbose_name="ODD", blank=True, related_name="events")
    search_text = models.TextField(editable=False, blank=True, default="")
    is_demo = models.BooleanField("exemple fictif", default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="resources_event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(registration_mode=RegistrationMode.INTERNAL) | Q(capacity__gte=1),
                name="resources_event_internal_has_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.status == PublicationStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.search_text = normalize(
            " ".join([self.title, self.summary, self.body, self.organiser, self.audience, self.place])
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("resources:event_detail", args=[self.slug])

    @property
    def is_past(self) -> bool:
        return (self.ends_at or self.starts_at) < timezone.now()

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "La fin doit être postérieure au début."
        if self.registration_mode == RegistrationMode.INTERNAL and not self.capacity:
            errors["capacity"] = "Indiquez le nombre de places pour une inscription sur la plateforme."
        if self.registration_mode == RegistrationMode.EXTERNAL and not self.registration_url:
            errors["registration_url"] = "Indiquez le lien du site où s'inscrire."
        if not self.place and not self.online_url:
            errors["place"] = "Indiquez une adresse ou un lien de connexion."
        if errors:
            raise ValidationError(errors)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting(self):
        """The waiting list, first come first served."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("created_at", "id")


class Registration(models.Model):
    """A participant's place at an event, or their rank on its waiting list."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations")
    status = models.CharField("statut", max_length=10, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField("inscrit le", default=timezone.now)
    status_changed_at = models.DateTimeField("statut modifié le", default=timezone.now)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription"
        verbose_name_plural = "inscriptions"
        ordering = ["created_at", "id"]
        constraints = [
            # One live registration per person and event; cancelled ones stay for the record.
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status=RegistrationStatus.CANCELLED),
                name="resources_one_active_registration",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.event} ({self.get_status_display()})"
