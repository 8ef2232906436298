from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "alliances.assessment"
    verbose_name = "Autodiagnostic"
