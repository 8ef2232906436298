"""What the OpenAPI document of /api/v1/ promises, checked where schemathesis cannot see it."""

from __future__ import annotations

import typing
from enum import Enum

import pytest
from pydantic import BaseModel

from alliances.api import api

pytestmark = pytest.mark.django_db


def _models(annotation: object, seen: set[type]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        seen.add(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, seen)
    for argument in typing.get_args(annotation):
        _models(argument, seen)


def test_no_two_schemas_share_a_name_in_the_document():
    """The document names each schema by its class name: two classes of the same name (the
    observatory's `TerritoireRef` with `niveau`, the alliances' with `type`) became one, and
    every alliance was said to violate its own schema; two enums `Step` made the alliances'
    `etape` list the resources' steps."""
    seen: set[type] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in (operation.response_models or {}).values():
                    _models(model, seen)
                for model in operation.models:  # parameters (query, path)
                    _models(model, seen)
    by_name: dict[str, set[str]] = {}
    for model in seen:
        by_name.setdefault(model.__name__, set()).add(model.__module__ + "." + model.__qualname__)
    assert not {name: paths for name, paths in by_name.items() if len(paths) > 1}


def test_the_events_of_the_first_and_last_days_of_the_calendar_are_not_a_500(client):
    # 1 January of year 1 at midnight in Paris is year 0 in UTC: OverflowError, a 500, before.
    url = "/api/v1/evenements?apres=0001-01-01&avant=0028-01-01&q=&offset=0"
    assert client.get(url).json() == {"items": [], "count": 0}
    assert client.get("/api/v1/evenements?apres=0001-01-01&avant=9999-12-31").status_code == 200
    assert client.get("/ressources/evenements/?apres=0001-01-01&avant=9999-12-31").status_code == 200


@pytest.mark.parametrize("query", ["evenements?avant=0", "evenements?apres=20240101", "ressources?depuis=0"])
def test_a_date_is_written_as_the_schema_says(client, query):
    # pydantic took `0` for a date (a timestamp) although the schema says `format: date`.
    assert client.get(f"/api/v1/{query}").status_code == 422


@pytest.mark.parametrize("query", ["territoires?q=Mende&q=Lyon", "alliances?odd=1&odd=2", "acteurs?limit=1&limit=2"])
def test_a_single_value_parameter_sent_twice_is_refused(client, query):
    # ninja kept the last value silently, although the schema says one value (schemathesis: ST201).
    response = client.get(f"/api/v1/{query}")
    assert response.status_code == 422 and response.json()["detail"] == "Paramètres invalides."


def test_repeatable_parameters_still_take_several_values(client):
    assert client.get("/api/v1/pratiques?odd=1&odd=17").status_code == 200
