from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "alliances.core"
    verbose_name = "Socle"
