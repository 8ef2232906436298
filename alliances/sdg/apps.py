from django.apps import AppConfig


class SdgConfig(AppConfig):
    name = "alliances.sdg"
    verbose_name = "Objectifs de développement durable"
