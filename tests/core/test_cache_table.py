"""Production keeps its rate limits in a database cache: `migrate` must create its table."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

DB_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "test_cache_after_migrate"}
}


@pytest.mark.django_db
def test_migrate_creates_the_database_cache_table():
    assert "test_cache_after_migrate" not in connection.introspection.table_names()
    with override_settings(CACHES=DB_CACHE):
        call_command("migrate", verbosity=0)
        assert "test_cache_after_migrate" in connection.introspection.table_names()
        caches["default"].set("limite", 3)
        assert caches["default"].get("limite") == 3
