from django.contrib import admin

from alliances.territories.models import Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "population", "population_vintage"]
    list_filter = ["kind", "commune_type"]
    search_fields = ["name", "code", "siren"]
    raw_id_fields = ["departement", "region", "epci", "parent_commune"]
