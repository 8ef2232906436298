"""Models shared by every app: search documents, audit trail, deferred indexes, periodic runs, outbox view."""

from django.db import models
from django_tasks_db.models import DBTaskResult


class SearchDocument(models.Model):
    """What the search layer knows of one object of one app (a practice, an organisation…).

    `terms_*` hold the normalised, stemmed text that the FTS5 table (SQLite) or the generated
    tsvector column (PostgreSQL) indexes; both are created by migration 0002 for their vendor.
    """

    kind = models.CharField(max_length=32)
    object_id = models.BigIntegerField()
    title = models.TextField(blank=True)
    terms_title = models.TextField(blank=True)
    terms_body = models.TextField(blank=True)
    terms_tags = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "document de recherche"
        verbose_name_plural = "documents de recherche"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique_object"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}#{self.object_id} {self.title[:50]}"


class AuditEntry(models.Model):
    """One security-relevant event: sign-in, permission change, export, deletion…

    Written by `alliances.core.audit.audit_log`; read by administrators in the admin. The actor
    is kept as a label too, so that the trail survives the deletion of the account.
    """

    at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur",
    )
    actor_label = models.CharField("auteur (libellé)", max_length=254, blank=True)
    action = models.CharField("action", max_length=64, db_index=True)
    target_type = models.CharField("type d'objet", max_length=64, blank=True)
    target_id = models.CharField("identifiant de l'objet", max_length=64, blank=True)
    target_label = models.CharField("objet", max_length=255, blank=True)
    details = models.JSONField("détails", default=dict, blank=True)
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)

    class Meta:
        verbose_name = "entrée du journal d'audit"
        verbose_name_plural = "journal d'audit"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"


class DeferredIndex(models.Model):
    """An index dropped for the duration of a bulk load, with the SQL that builds it again.

    Written by `alliances.core.deferred_indexes`: kept in the database, in the transaction that
    drops the index, so that an import killed before its end (power cut, `kill -9`) leaves a
    record that the next import (or `alliances restore_indexes`) turns back into the index.
    """

    name = models.CharField("index", max_length=128, unique=True)
    table = models.CharField("table", max_length=128)
    definition = models.TextField("instruction de création")
    deferred_at = models.DateTimeField("supprimé le", auto_now_add=True)

    class Meta:
        verbose_name = "index différé"
        verbose_name_plural = "index différés"

    def __str__(self) -> str:
        return f"{self.table}.{self.name}"


class PeriodicRun(models.Model):
    """One periodic job enqueued for one period (`alliances.core.periodic`): the unique pair makes
    enqueueing idempotent, even with two workers or a worker restarted within the period."""

    name = models.CharField("tâche", max_length=100)
    period = models.CharField("période", max_length=20)
    enqueued_at = models.DateTimeField("mise en file", auto_now_add=True)

    class Meta:
        verbose_name = "tâche périodique lancée"
        verbose_name_plural = "tâches périodiques lancées"
        ordering = ["-enqueued_at"]
        constraints = [models.UniqueConstraint(fields=["name", "period"], name="periodic_run_once_per_period")]

    def __str__(self) -> str:
        return f"{self.name} {self.period}"


class EmailAttempt(DBTaskResult):
    """The task results of the outbox (`alliances.core.emails.email_deliver`), one per delivery
    attempt, read in the admin as « courriels en échec »: no table of its own."""

    class Meta:
        proxy = True
        verbose_name = "courriel en échec"
        verbose_name_plural = "courriels en échec"
