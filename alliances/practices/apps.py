from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "alliances.practices"
    verbose_name = "Pratiques inspirantes"
