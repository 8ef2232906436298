"""Out-of-range pagination is a 422 with a French message, never a 500 (found by schemathesis:
PostgreSQL refuses an OFFSET or LIMIT beyond 64 bits, SQLite cannot even bind it)."""

import pytest

from tests.security.routes import api_operations

pytestmark = pytest.mark.django_db

PAGINATED = sorted(
    route.route
    for route in api_operations()
    if route.key.startswith("GET ") and "{" not in route.route and not route.route.endswith(".ics")
)


@pytest.mark.parametrize("path", PAGINATED)
@pytest.mark.parametrize(
    "params", ["offset=100000000000000000000", "limit=100000000000000000000", "offset=-1", "limit=0"]
)
def test_out_of_range_pagination_is_refused_cleanly(client, path, params):
    response = client.get(f"{path}?{params}")
    assert response.status_code in (200, 401, 422), response.content[:300]  # 401: "my" assessments
    if response.status_code == 422:
        assert response.json()["detail"]


WITH_PATH_VALUES = {
    "{code}": "48",
    "{acteur_id}": "1",
    "{pratique_id}": "1",
    "{id}": "1",
    "{alliance_id}": "1",
    "{assessment_id}": "1",
}
DECLARED: dict[str, set[str]] = {}
for _route in api_operations():
    DECLARED.setdefault(_route.route, set()).add(_route.key.split()[0])


def _concrete(path: str) -> str:
    for placeholder, value in WITH_PATH_VALUES.items():
        path = path.replace(placeholder, value)
    return path


@pytest.mark.parametrize("path", sorted(DECLARED))
def test_the_api_has_no_hidden_write_operation(client, path):
    """A method the schema does not declare is refused (405), whoever asks: no write hides in the
    API (a declared one is in the OpenAPI schema, hence in the permission matrix)."""
    assert "{" not in _concrete(path), f"ajoutez une valeur pour le paramètre de {path} dans WITH_PATH_VALUES"
    for method in {"POST", "PUT", "PATCH", "DELETE"} - DECLARED[path]:
        assert getattr(client, method.lower())(_concrete(path)).status_code == 405, (method, path)
