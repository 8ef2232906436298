from django.contrib import admin

from alliances.observatory.models import ExportFile, KeyFigure, RefreshRun


@admin.register(KeyFigure)
class KeyFigureAdmin(admin.ModelAdmin):
    list_display = ["value", "text", "source", "year", "position", "is_published"]
    list_editable = ["position", "is_published"]
    search_fields = ["text", "source"]


@admin.register(RefreshRun)
class RefreshRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "finished_at", "cells"]
    readonly_fields = ["started_at", "finished_at", "cells", "sources"]


@admin.register(ExportFile)
class ExportFileAdmin(admin.ModelAdmin):
    list_display = ["kind", "format", "rows", "size", "generated_at"]
    readonly_fields = ["kind", "format", "path", "rows", "size", "generated_at"]
