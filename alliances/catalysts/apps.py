from django.apps import AppConfig


class CatalystsConfig(AppConfig):
    name = "alliances.catalysts"
    verbose_name = "Catalyseurs territoriaux"
