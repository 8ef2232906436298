"""Fixtures of the security tests: the permission matrix's world is built once per module."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from tests.security import matrix
from tests.security.world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One user per role and each app's objects, created once, rolled back after the module.

    Each test runs inside this outer transaction (its own atomic block is a savepoint), so the
    objects are shared without being rebuilt for every URL pattern.
    """
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world(matrix.modules())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
