"""The read-only API is rate limited (django-ninja's throttles, counted in the shared cache):
beyond the rate, 429 with a French `{"detail": …}` and a Retry-After header."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from alliances.api import api
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@override_settings(ALLIANCES_API_RATES={"anon": "3/min", "auth": "5/min"})
def test_anonymous_requests_beyond_the_rate_get_a_429_in_json(client):
    for _ in range(3):
        assert client.get("/api/v1/odd").status_code == 200
    response = client.get("/api/v1/territoires?q=Mende")  # the allowance covers the whole API
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Trop de requêtes : réessayez dans ")
    assert int(response["Retry-After"]) > 0
    # A header the client writes itself does not open a new allowance…
    assert client.get("/api/v1/odd", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    # …another address has its own, and the counts live in the cache (none kept in the process).
    assert client.get("/api/v1/odd", REMOTE_ADDR="198.51.100.7").status_code == 200
    cache.clear()
    assert client.get("/api/v1/odd").status_code == 200


@override_settings(ALLIANCES_API_RATES={"anon": "1/min", "auth": "2/min"})
def test_an_account_is_counted_on_its_own_rate(client):
    client.force_login(make_user("alice@example.org"))
    url = "/api/v1/autodiagnostic/mes-autodiagnostics"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_every_operation_documents_the_429_and_the_400():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {429, 400} <= set(operation["responses"]), (method, path)
