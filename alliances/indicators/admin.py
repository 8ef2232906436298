"""The indicators in the admin, with what official data is missing and how to load it (operators only)."""

from django.contrib import admin

from alliances.indicators.models import Indicator
from alliances.indicators.portrait import missing_sources
from alliances.territories.models import ReferentialLoad


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "unit", "source", "is_key"]
    list_filter = ["source", "is_key", "theme"]
    search_fields = ["label", "code"]
    change_list_template = "admin/indicators/indicator/change_list.html"

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "missing_sources": missing_sources(),
            "loads": ReferentialLoad.objects.order_by("-loaded_at")[:10],
        }
        return super().changelist_view(request, extra_context=extra_context)
