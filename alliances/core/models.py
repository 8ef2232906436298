"""Models shared by every app: the search documents."""

from django.db import models


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
