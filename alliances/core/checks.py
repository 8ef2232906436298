"""System checks of a deployment (`manage.py check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError, connection

DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"


@register(Tags.caches, deploy=True)
def check_cache_tables(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """A database cache whose table is missing makes every sign-in a 500 (rate limits live there).

    It happens when `migrate` ran under the development settings (local memory cache: no table
    created) and the site then runs under the production settings. A deployment check rather than
    a plain one: `migrate` runs the plain checks, and it is what creates the table.
    """
    tables_wanted = {
        alias: cache["LOCATION"] for alias, cache in settings.CACHES.items() if cache.get("BACKEND") == DATABASE_CACHE
    }
    if not tables_wanted:
        return []
    try:
        tables = set(connection.introspection.table_names())
    except DatabaseError:
        return []  # no database to look at: the deployment's other checks and `migrate` will say so
    if "django_migrations" not in tables:
        return []  # nothing migrated yet: `migrate` will create the cache table with the schema
    return [
        Error(
            f"La table « {table} » du cache « {alias} » n'existe pas : chaque connexion échouerait (erreur 500), "
            "car les limites de tentatives sont comptées dans ce cache.",
            hint="Créez-la avec les réglages de production : `DJANGO_SETTINGS_MODULE=config.settings_production "
            "alliances createcachetable` (ou relancez `alliances migrate` avec ces réglages).",
            id="alliances.E001",
        )
        for alias, table in tables_wanted.items()
        if table not in tables
    ]
