from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "alliances.resources"
    verbose_name = "Ressources et événements"
