"""Alliances: a co-construction between a territory's actors, steered through five steps.

Every workspace item carries a `version` so that two members editing the same item never
silently overwrite each other (optimistic concurrency, see services.py).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from alliances.accounts.enums import Role
from alliances.core.fields import LONG_TEXT_MAX_LENGTH, MESSAGE_MAX_LENGTH, BoundedTextField
from alliances.partnerships.enums import (
    ActionStatus,
    ActorStatus,
    CoConstructionForm,
    CommitmentKind,
    DiagnosticKind,
    Fragility,
    IndicatorDimension,
    MeasurementFrequency,
    MemberRole,
    ReminderKind,
    RequestStatus,
    Step,
    Visibility,
)

RESTORE_DELAY = timedelta(days=30)


def _reads_every_alliance(user) -> bool:
    return user.has_role(Role.ADMINISTRATOR)


class AllianceQuerySet(models.QuerySet["Alliance"]):
    def alive(self) -> AllianceQuerySet:
        return self.filter(deleted_at__isnull=True)

    def public(self) -> AllianceQuerySet:
        return self.alive().filter(visibility=Visibility.PUBLIC)

    def open_calls(self) -> AllianceQuerySet:
        """Public alliances whose call for partners is open: not closed, its deadline not past."""
        today = timezone.localdate()
        return (
            self.public()
            .filter(call_open=True)
            .filter(models.Q(call_deadline__isnull=True) | models.Q(call_deadline__gte=today))
        )

    def visible_to(self, user) -> AllianceQuerySet:
        """Alliances the user may read: public ones, signed-in ones, and those they belong to."""
        if not user.is_authenticated:
            return self.public()
        if _reads_every_alliance(user):
            return self.alive()
        # A subquery rather than a join on memberships: no duplicates, so no DISTINCT to count and sort.
        mine = Membership.objects.filter(user=user).values("alliance_id")
        return self.alive().filter(
            models.Q(visibility__in=[Visibility.PUBLIC, Visibility.SIGNED_IN]) | models.Q(pk__in=mine)
        )

    def visible_parts(self, user) -> list[AllianceQuerySet]:
        """visible_to(user) as disjoint querysets whose counts add up.

        For a signed-in user "open to all signed-in users OR mine" cannot be read from an index:
        the database scans every alliance (24 to 100 ms with 100,000). Apart, the open ones are
        counted from the (visibility, deleted_at) index, then the user's few others.
        """
        if not user.is_authenticated or _reads_every_alliance(user):
            return [self.visible_to(user)]
        open_to_all = [Visibility.PUBLIC, Visibility.SIGNED_IN]
        mine = Membership.objects.filter(user=user).values("alliance_id")
        return [
            self.alive().filter(visibility__in=open_to_all),
            self.alive().filter(pk__in=mine).exclude(visibility__in=open_to_all),
        ]


class Alliance(models.Model):
    title = models.CharField("titre", max_length=200)
    problem = BoundedTextField(
        "problème local traité",
        max_length=LONG_TEXT_MAX_LENGTH,
        help_text="Le besoin ou la fragilité du territoire auquel l'alliance répond.",
    )
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.PROTECT, related_name="alliances", verbose_name="territoire"
    )
    # The name is kept as written at the time (it shows even if the directory entry goes away);
    # the link points at the directory entry the picker chose or created.
    lead_organisation_name = models.CharField("organisation porteuse", max_length=200)
    lead_organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_alliances",
        verbose_name="organisation porteuse (annuaire)",
    )
    themes = models.CharField(
        "fragilités et thèmes",
        max_length=300,
        blank=True,
        help_text="Séparés par des virgules : emploi des jeunes, isolement des aînés…",
    )
    fragilities = models.JSONField(
        "fragilités traitées",
        default=list,
        blank=True,
        help_text="Le vocabulaire des pratiques inspirantes : il sert à suggérer pratiques, acteurs et catalyseurs.",
    )
    sdgs = models.ManyToManyField("sdg.Sdg", blank=True, related_name="alliances", verbose_name="ODD")
    sdg_targets = models.CharField("cibles ODD", max_length=200, blank=True, help_text="Par exemple 8.6, 17.17")
    form = models.CharField(
        "forme de co-construction",
        max_length=20,
        choices=CoConstructionForm.choices,
        default=CoConstructionForm.PARTNERSHIP,
    )
    step = models.CharField("étape", max_length=20, choices=Step.choices, default=Step.UNDERSTAND)
    start_date = models.DateField("date de début", null=True, blank=True)
    end_date = models.DateField("date de fin prévue", null=True, blank=True)
    visibility = models.CharField("visibilité", max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS)
    # Co-construire: what the partners agree on, written once for the whole alliance.
    objectives = BoundedTextField("objectifs", max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    governance = BoundedTextField(
        "gouvernance",
        max_length=LONG_TEXT_MAX_LENGTH,
        blank=True,
        help_text="Comité de pilotage, composition, fréquence des réunions, prise de décision.",
    )
    # Mobiliser: a public call for partners that organisations of the territory can answer.
    call_open = models.BooleanField("appel à partenaires ouvert", default=False)
    call_text = BoundedTextField("texte de l'appel à partenaires", max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    call_deadline = models.DateField("date limite de réponse", null=True, blank=True)
    # When the call last appeared on /appels/ (opened, reopened, or its alliance made public): what
    # the alerts on the list of calls announce as new. Editing an open call does not move it.
    call_opened_at = models.DateTimeField("appel publié le", null=True, blank=True, editable=False)
    # Évaluer et essaimer
    evaluation = BoundedTextField("évaluation", max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    practice_id = models.PositiveIntegerField("pratique publiée (brouillon)", null=True, blank=True, editable=False)

    version = models.PositiveIntegerField(default=1, editable=False)
    is_demo = models.BooleanField("exemple fictif", default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    objects = AllianceQuerySet.as_manager()

    class Meta:
        verbose_name = "alliance"
        verbose_name_plural = "alliances"
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["visibility", "deleted_at"], name="alliance_visibility"),
            # Every list shows the most recently updated first, 20 at a time: with this index the
            # database reads the first 20 in order instead of sorting all 100,000 alliances.
            models.Index(fields=["-updated_at", "-id"], name="alliance_recent"),
            # The list of calls (/appels/) reads the few open calls, soonest deadline first, from
            # this small index instead of scanning every alliance.
            models.Index(
                fields=["call_deadline", "-updated_at"],
                name="alliance_open_calls",
                condition=models.Q(call_open=True, deleted_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:detail", kwargs={"pk": self.pk})

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def restorable_until(self):
        return self.deleted_at + RESTORE_DELAY if self.deleted_at else None

    @property
    def can_be_restored(self) -> bool:
        return self.deleted_at is not None and timezone.now() < self.deleted_at + RESTORE_DELAY

    @property
    def call_is_open(self) -> bool:
        """The call for partners is open and its deadline (if any) is not past: it can be answered."""
        return self.call_open and (self.call_deadline is None or self.call_deadline >= timezone.localdate())

    @property
    def call_is_listed(self) -> bool:
        """The call shows on the public list of calls (/appels/): `open_calls()` for one alliance."""
        return self.visibility == Visibility.PUBLIC and not self.is_deleted and self.call_is_open

    @property
    def theme_list(self) -> list[str]:
        return [t.strip() for t in self.themes.split(",") if t.strip()]

    def fragility_labels(self) -> list[str]:
        return [Fragility(v).label for v in self.fragilities if v in Fragility.values]


class Membership(models.Model):
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alliance_memberships")
    role = models.CharField("rôle", max_length=20, choices=MemberRole.choices)
    organisation_name = models.CharField("organisation représentée", max_length=200)
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alliance_memberships",
        verbose_name="organisation représentée (annuaire)",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "membre"
        verbose_name_plural = "membres"
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["alliance", "user"], name="membership_unique_user")]

    def __str__(self) -> str:
        return f"{self.user.public_name} ({self.organisation_name}, {self.get_role_display()})"


class Invitation(models.Model):
    """An emailed invitation: the link carries a signed token; it expires and works once."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("adresse électronique")
    role = models.CharField("rôle", max_length=20, choices=MemberRole.choices, default=MemberRole.PARTNER)
    organisation_name = models.CharField("organisation", max_length=200)
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisation (annuaire)",
    )
    message = BoundedTextField("message personnel", max_length=MESSAGE_MAX_LENGTH, blank=True)
    nonce = models.CharField(max_length=32, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "invitation"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation de {self.organisation_name}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and timezone.now() < self.expires_at


class JoinRequest(models.Model):
    """A signed-in user asks to join (or answers the call for partners); the pilotes decide."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation_name = models.CharField("organisation", max_length=200)
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisation (annuaire)",
    )
    message = BoundedTextField("message", max_length=MESSAGE_MAX_LENGTH, blank=True)
    answers_call = models.BooleanField("réponse à l'appel à partenaires", default=False)
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "demande d'adhésion"
        verbose_name_plural = "demandes d'adhésion"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Demande de {self.organisation_name}"


class ItemBase(models.Model):
    """What every workspace item shares: its alliance, its version, who created it."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # The organisation on whose behalf the item was written: a partner edits its own items.
    organisation_name = models.CharField("organisation", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ChecklistItem(ItemBase):
    step = models.CharField("étape", max_length=20, choices=Step.choices)
    label = models.CharField("point à vérifier", max_length=300)
    done = models.BooleanField("fait", default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "point de la liste de contrôle"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class DiagnosticItem(ItemBase):
    kind = models.CharField("nature", max_length=12, choices=DiagnosticKind.choices)
    text = BoundedTextField("constat", max_length=MESSAGE_MAX_LENGTH)
    source = models.CharField("source", max_length=200, blank=True)

    class Meta:
        verbose_name = "élément de diagnostic"
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ActorTarget(ItemBase):
    """An actor to involve, on the mobilisation map."""

    name = models.CharField("acteur", max_length=200)
    # Set when the actor comes from the directory (a suggestion or the picker).
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisation de l'annuaire",
    )
    why = models.CharField("pourquoi l'associer", max_length=300, blank=True)
    status = models.CharField("statut", max_length=12, choices=ActorStatus.choices, default=ActorStatus.TO_CONTACT)
    notes = BoundedTextField("notes", max_length=MESSAGE_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = "acteur à mobiliser"
        verbose_name_plural = "acteurs à mobiliser"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Commitment(ItemBase):
    """What a partner brings, and its value in euros (valorisation, see partnerships/valuation.py).

    `amount_eur` is the value for every kind: typed for money and in kind, hours × hourly rate for
    skills and volunteering (the volunteer rate is the SMIC of the commitment's start, kept here).
    """

    kind = models.CharField("type d'engagement", max_length=12, choices=CommitmentKind.choices)
    description = BoundedTextField("description", max_length=MESSAGE_MAX_LENGTH)
    amount_eur = models.DecimalField("valeur (€)", max_digits=12, decimal_places=2, null=True, blank=True)
    hours = models.DecimalField("nombre d'heures", max_digits=9, decimal_places=2, null=True, blank=True)
    hourly_rate_eur = models.DecimalField("taux horaire (€/h)", max_digits=8, decimal_places=2, null=True, blank=True)
    start_date = models.DateField("début", null=True, blank=True)
    end_date = models.DateField("fin", null=True, blank=True)

    class Meta:
        verbose_name = "engagement"
        ordering = ["organisation_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_eur__isnull=True) | models.Q(amount_eur__gte=0),
                name="commitment_amount_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__isnull=True) | models.Q(hours__gte=0),
                name="commitment_hours_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(hourly_rate_eur__isnull=True) | models.Q(hourly_rate_eur__gte=0),
                name="commitment_hourly_rate_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} — {self.get_kind_display()}"


class ActionItem(ItemBase):
    title = models.CharField("action", max_length=200)
    description = BoundedTextField("description", max_length=MESSAGE_MAX_LENGTH, blank=True)
    owner = models.CharField("responsable", max_length=200, blank=True)
    due_date = models.DateField("échéance", null=True, blank=True)
    status = models.CharField("statut", max_length=12, choices=ActionStatus.choices, default=ActionStatus.TODO)

    class Meta:
        verbose_name = "action"
        ordering = [models.F("due_date").asc(nulls_last=True), "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        return (
            self.due_date is not None
            and self.due_date < timezone.localdate()
            and self.status in (ActionStatus.TODO, ActionStatus.DOING)
        )


class Meeting(ItemBase):
    title = models.CharField("intitulé", max_length=200)
    date = models.DateTimeField("date et heure")
    place = models.CharField("lieu", max_length=200, blank=True)
    participants = BoundedTextField("participants", max_length=MESSAGE_MAX_LENGTH, blank=True)
    agenda = BoundedTextField("ordre du jour", max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    minutes = BoundedTextField("compte rendu", max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    decisions = BoundedTextField("décisions", max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    # Set when the minutes were first sent to the members: they are sent once.
    minutes_sent_at = models.DateTimeField("compte rendu envoyé le", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "réunion"
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.title


class JournalEntry(ItemBase):
    text = BoundedTextField("note", max_length=MESSAGE_MAX_LENGTH)

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "entrées du journal"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:80]


class Indicator(ItemBase):
    name = models.CharField("indicateur", max_length=200)
    dimension = models.CharField("dimension", max_length=16, choices=IndicatorDimension.choices)
    sdg = models.ForeignKey(
        "sdg.Sdg", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="ODD"
    )
    unit = models.CharField("unité", max_length=40, blank=True)
    baseline = models.DecimalField("valeur de départ", max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField("cible", max_digits=14, decimal_places=2, null=True, blank=True)
    frequency = models.CharField(
        "fréquence de mesure",
        max_length=16,
        choices=MeasurementFrequency.choices,
        default=MeasurementFrequency.NONE,
        blank=True,
        help_text="Les pilotes reçoivent un rappel quand une nouvelle mesure est attendue.",
    )

    class Meta:
        verbose_name = "indicateur d'impact"
        verbose_name_plural = "indicateurs d'impact"
        ordering = ["dimension", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(dimension="odd") | models.Q(sdg__isnull=False),
                name="indicator_sdg_dimension_has_sdg",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField("date")
    value = models.DecimalField("valeur", max_digits=14, decimal_places=2)
    source = models.CharField("source", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "mesure"
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.value} au {self.date:%d/%m/%Y}"


class HistoryEntry(models.Model):
    """Who changed what, when: readable by the alliance's members."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="history")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=200)
    target = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "entrée d'historique"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.target}"


class ReminderSent(models.Model):
    """A reminder sent to one person about one thing at one occurrence (an action's due date, a
    meeting's date, an indicator's period): the daily job never sends the same reminder twice."""

    kind = models.CharField("rappel", max_length=16, choices=ReminderKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    occurrence = models.CharField(max_length=32)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rappel envoyé"
        verbose_name_plural = "rappels envoyés"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "occurrence", "user"], name="reminder_sent_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.object_id} ({self.occurrence})"
