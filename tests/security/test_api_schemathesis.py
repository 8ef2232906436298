"""schemathesis against /api/v1/openapi.json: no server error, responses as the schema says.

The requests go through Django's WSGI application in the test's own database transaction, with
the official referential loaded (so that `commune:48095` or `departement:48` find something).
The number of examples is bounded and derandomised so that the run is the same in CI.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

pytestmark = pytest.mark.django_db


# Loading the schema only renders /api/v1/openapi.json (no database access).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

# An undocumented 404 or 422 (an unknown code, an invalid territory) is not a defect in itself:
# what we hold the API to is no 5xx, and JSON that matches the schema when it answers.
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def keep_connection():
    """The WSGI handler closes "old" connections around each request, which would close the
    test's transaction on PostgreSQL (Django's test client does the same dance)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
def test_api_answers_every_generated_request_without_a_server_error(db, keep_connection, case):
    case.call_and_validate(checks=CHECKS)
