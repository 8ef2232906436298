from django.contrib import admin

from alliances.assessment.models import Assessment, Participant, Referential


@admin.register(Referential)
class ReferentialAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "loaded_at"]
    readonly_fields = ["version", "title", "data", "checksum", "loaded_at"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    readonly_fields = ["user", "joined_at", "completed_at"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["territory", "created_at", "mode", "is_public", "completed_at", "overall_score", "is_demo"]
    list_filter = ["mode", "is_public", "is_demo"]
    raw_id_fields = ["territory", "created_by"]
    readonly_fields = ["scores", "overall_score", "referential"]
    inlines = [ParticipantInline]
