from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "alliances.core"
    verbose_name = "Socle"

    def ready(self):
        from alliances.core import signals

        signals.connect_permission_signals()
