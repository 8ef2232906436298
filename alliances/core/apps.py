from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "alliances.core"
    verbose_name = "Socle"

    def ready(self):
        from alliances.core import checks, signals  # noqa: F401 (checks registers the system checks)

        signals.connect_permission_signals()
        # Production keeps rate limits in a database cache shared by every server: its table is
        # created with the schema, so a deployment that forgets `createcachetable` cannot 500.
        post_migrate.connect(signals.create_cache_tables, sender=self)
