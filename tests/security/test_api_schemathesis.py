"""schemathesis against /api/v1/openapi.json with every check: the document tells the truth.

Every check of `st run --checks all` runs on each generated request (positive and negative
examples, coverage of the schema's edge values): no server error, every status documented,
every response matching its schema, every schema-valid request accepted, every invalid one
refused. The requests go through Django's WSGI application in the test's own database
transaction, with the official referential loaded (so that `commune:48095` or `departement:48`
find something) and one item of each list (so that responses have something to check).
The number of examples is bounded and derandomised so that the run is the same in CI:
about a minute per database on two cores (see docs/securite.md).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS

from alliances.observatory.services import observatory_refresh
from tests.actors.factories import OrganisationFactory
from tests.catalysts.factories import CatalystProfileFactory
from tests.partnerships.factories import AllianceFactory
from tests.practices.factories import published_practice
from tests.resources.factories import EventFactory

pytestmark = pytest.mark.django_db

# Loading the schema only renders /api/v1/openapi.json (no database access).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

# Every registered check, as `st run --checks all` (the stateful ones included: they only act
# on the responses they know how to read).
EVERY_CHECK = CHECKS.get_all()


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    """One item of each list, so that responses have items to check: made once for the module
    (the observatory's refresh takes seconds) in a transaction rolled back at its end; each test
    runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        AllianceFactory(
            title="Alliance publique",
            call_open=True,
            call_text="Appel à partenaires.",
            call_deadline=timezone.localdate() + timedelta(days=30),
            fragilities=["emploi"],
        )
        published_practice(sdgs=[17])
        CatalystProfileFactory(territories=[("departement", "48")], sdgs=[17])
        EventFactory()
        OrganisationFactory()
        observatory_refresh()
        yield
        transaction.set_rollback(True)


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
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_keeps_its_openapi_contract(content, db, keep_connection, case):
    case.call_and_validate(checks=EVERY_CHECK)
