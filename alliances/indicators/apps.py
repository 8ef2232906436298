from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "alliances.indicators"
    verbose_name = "Portrait de territoire (indicateurs)"
