from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "alliances.partnerships"
    verbose_name = "Alliances"
