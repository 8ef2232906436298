"""Alerts (saved searches, followed territories and alliances), digests sent, in-app notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from alliances.alerts.enums import AlertKind, Frequency


class Alert(models.Model):
    """What a person asked to be told about, and how often.

    A saved search is a page of the registry (`search_kind`: "acteurs", "pratiques"…) and the
    query string of that page's filter form, stored canonical (sorted, territory as its reference)
    so that people who saved the same search share one evaluation per digest run.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField("type", max_length=12, choices=AlertKind.choices)
    search_kind = models.CharField("page", max_length=20, blank=True)
    query = models.CharField("filtres", max_length=1000, blank=True)
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    alliance = models.ForeignKey(
        "partnerships.Alliance", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    label = models.CharField("intitulé", max_length=300)
    frequency = models.CharField("fréquence", max_length=12, choices=Frequency.choices, default=Frequency.DAILY)
    paused_at = models.DateTimeField("en pause depuis", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # What is new is what appeared after this instant (the alert's creation, then each sending).
    last_sent_at = models.DateTimeField("dernier envoi", null=True, blank=True)

    class Meta:
        verbose_name = "alerte"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="alert_target_matches_kind",
                condition=(Q(kind=AlertKind.SEARCH, territory__isnull=True, alliance__isnull=True) & ~Q(search_kind=""))
                | Q(kind=AlertKind.TERRITORY, territory__isnull=False, alliance__isnull=True, search_kind="")
                | Q(kind=AlertKind.ALLIANCE, alliance__isnull=False, territory__isnull=True, search_kind=""),
            ),
        ]
        indexes = [models.Index(fields=["frequency", "user"], name="alert_frequency_user")]

    def __str__(self) -> str:
        return self.label

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def watermark(self):
        return self.last_sent_at or self.created_at


class DigestRun(models.Model):
    """One sending of the digests of a frequency for a period (a day, an ISO week, a minute for
    "immediate"): recorded so that a period already sent is never sent twice."""

    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    period = models.CharField(max_length=20)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    digests = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "envoi de résumés"
        constraints = [models.UniqueConstraint(fields=["frequency", "period"], name="digest_run_unique_period")]

    def __str__(self) -> str:
        return f"{self.frequency} {self.period}"


class DigestSent(models.Model):
    """One person's digest of a run: a run interrupted and started again skips who already got it."""

    run = models.ForeignKey(DigestRun, on_delete=models.CASCADE, related_name="sent")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    items = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "résumé envoyé"
        constraints = [models.UniqueConstraint(fields=["run", "user"], name="digest_sent_unique_user")]

    def __str__(self) -> str:
        return f"{self.run} → {self.user_id}"


class Notification(models.Model):
    """Something a person must know now, shown on the site (and sent by email by `notify`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField("texte", max_length=300)
    url = models.CharField("lien", max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "notification"
        ordering = ["-created", "-id"]
        indexes = [
            # The header's unread count: one index range per page view.
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return self.url or reverse("alerts:notifications")
