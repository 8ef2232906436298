from django.contrib import admin
from django_tasks import TaskResultStatus

from alliances.core.emails import MAX_ATTEMPTS, email_deliver
from alliances.core.models import AuditEntry, EmailAttempt, PeriodicRun


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: an audit trail that administrators could edit would prove nothing."""

    list_display = ["at", "action", "actor_label", "target_label", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_label", "target_label", "action"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _AbandonedFilter(admin.SimpleListFilter):
    title = "suite"
    parameter_name = "abandonne"

    def lookups(self, _request, _model_admin):
        return [("oui", "abandonnés (dernière tentative)"), ("non", "une nouvelle tentative suit")]

    def queryset(self, request, queryset):
        last = {"args_kwargs__kwargs__attempt": MAX_ATTEMPTS}
        if self.value() == "oui":
            return queryset.filter(**last)
        if self.value() == "non":
            return queryset.exclude(**last)
        return queryset


@admin.register(EmailAttempt)
class EmailAttemptAdmin(admin.ModelAdmin):
    """The failed delivery attempts of the outbox (alliances.core.emails): one line per attempt.

    Read-only, like the task results it shows; the full traceback is on each line's page.
    """

    list_display = ["finished_at", "subject", "recipients", "attempt", "next_step", "error"]
    list_filter = [_AbandonedFilter]
    ordering = ["-finished_at"]
    fields = ("finished_at", "subject", "recipients", "attempt", "next_step", "error", "traceback")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(task_path=email_deliver.module_path, status=TaskResultStatus.FAILED)

    def _kwargs(self, obj) -> dict:
        return (obj.args_kwargs or {}).get("kwargs", {})

    @admin.display(description="objet")
    def subject(self, obj) -> str:
        return self._kwargs(obj).get("message", {}).get("subject", "")

    @admin.display(description="destinataires")
    def recipients(self, obj) -> str:
        return ", ".join(self._kwargs(obj).get("message", {}).get("to", []))

    @admin.display(description="tentative")
    def attempt(self, obj) -> str:
        return f"{self._kwargs(obj).get('attempt', 1)} sur {MAX_ATTEMPTS}"

    @admin.display(description="suite")
    def next_step(self, obj) -> str:
        return "abandonné" if self._kwargs(obj).get("attempt", 1) >= MAX_ATTEMPTS else "nouvelle tentative prévue"

    @admin.display(description="dernière erreur")
    def error(self, obj) -> str:
        lines = [line for line in (obj.traceback or "").splitlines() if line.strip()]
        return lines[-1][:300] if lines else ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PeriodicRun)
class PeriodicRunAdmin(admin.ModelAdmin):
    """When each periodic job was last enqueued (alliances.core.periodic): read-only."""

    list_display = ["name", "period", "enqueued_at"]
    list_filter = ["name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
