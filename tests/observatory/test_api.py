"""GET /api/v1/observatoire/chiffres: the aggregates with secrecy, for any filter."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliances.observatory.enums import SECRECY_THRESHOLD
from alliances.observatory.services import observatory_refresh
from tests.observatory.conftest import populations_counter

pytestmark = pytest.mark.django_db

# Communes of Lozère with 1 to 3 rows each: many small cells at every level.
SMALL = populations_counter(territory__code__in=["48095", "48061", "48080", "48198", "48166", "48146"])


@pytest.fixture
def small_cells():
    observatory_refresh(counters=(SMALL,))


def test_national_and_territory_scopes(client, small_cells):
    national = client.get("/api/v1/observatoire/chiffres").json()
    assert national["count"] > 0 and national["calcule_le"]
    assert {i["territoire"]["niveau"] for i in national["items"]} == {"national"}
    lozere = client.get("/api/v1/observatoire/chiffres?territoire=departement:48&ventilation=total").json()
    assert [i["territoire"]["code"] for i in lozere["items"]] == ["48"]


def test_children_of_a_territory(client, small_cells):
    data = client.get("/api/v1/observatoire/chiffres?territoire=region:76&niveau=departement").json()
    assert {i["territoire"]["code"] for i in data["items"]} == {"48"}


def test_bad_parameters_get_a_french_422(client):
    response = client.get("/api/v1/observatoire/chiffres?territoire=departement:4X9")
    assert response.status_code == 422 and "invalide" in response.json()["detail"]
    response = client.get("/api/v1/observatoire/chiffres?niveau=canton")
    assert response.status_code == 422 and response.json()["erreurs"][0]["loc"] == ["query", "niveau"]
    assert client.get("/api/v1/observatoire/chiffres?territoire=departement:00").status_code == 404


def test_every_level_the_items_name_can_be_asked_for(client, small_cells):
    """Items say `"niveau": "national"`: asking for it is no longer a 422. The territory's own level
    gives the territory, a wider one nothing (no région lies inside a département)."""
    national = client.get("/api/v1/observatoire/chiffres?niveau=national").json()
    assert national["count"] > 0 and {i["territoire"]["niveau"] for i in national["items"]} == {"national"}
    lozere = client.get("/api/v1/observatoire/chiffres?territoire=departement:48&niveau=departement").json()
    assert {i["territoire"]["code"] for i in lozere["items"]} == {"48"}
    wider = client.get("/api/v1/observatoire/chiffres?territoire=departement:48&niveau=region")
    assert wider.status_code == 200 and wider.json()["count"] == 0


def test_effectif_is_a_number_with_a_separate_secrecy_flag(client, small_cells):
    items = client.get("/api/v1/observatoire/chiffres?niveau=commune&territoire=departement:48&limit=1000").json()[
        "items"
    ]
    assert "primaire" in {i["secret"] for i in items}
    for item in items:
        if item["secret"] is None:
            assert isinstance(item["effectif"], int)
        else:
            assert item["effectif"] is None and item["secret"] in ("primaire", "secondaire")


def test_openapi_documents_the_endpoint_with_an_example(client):
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/observatoire/chiffres"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"territoire", "niveau"}
    assert "examples" in operation["responses"]["200"]["content"]["application/json"]


FILTERS = st.fixed_dictionaries(
    {},
    optional={
        "territoire": st.sampled_from(
            ["region:76", "departement:48", "epci:200005916", "commune:48095", "commune:48061"]
        ),
        "niveau": st.sampled_from(["national", "region", "departement", "epci", "commune"]),
        "indicateur": st.sampled_from(["alliances", "pratiques"]),
        "ventilation": st.sampled_from(["total", "etape", "odd"]),
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filters=FILTERS)
def test_no_combination_of_filters_reveals_a_cell_under_five(client, small_cells, filters):
    response = client.get("/api/v1/observatoire/chiffres", {**filters, "limit": 1000})
    assert response.status_code in (200, 404, 422)
    if response.status_code != 200:
        return
    items = response.json()["items"]
    for item in items:
        value = item["effectif"]
        assert not (isinstance(value, int) and 0 < value < SECRECY_THRESHOLD), item
    # Nor by subtraction: published breakdown cells never leave 1 to 4 for the hidden ones.
    totals = {
        (i["territoire"]["niveau"], i["territoire"]["code"], i["indicateur"]): i["effectif"]
        for i in items
        if i["ventilation"] == ""
    }
    for (level, code, metric), total in totals.items():
        if not isinstance(total, int):
            continue
        parts = [
            i["effectif"]
            for i in items
            if (i["territoire"]["niveau"], i["territoire"]["code"], i["indicateur"]) == (level, code, metric)
            and i["ventilation"] == "etape"
        ]
        if parts and any(p is None for p in parts):
            rest = total - sum(p for p in parts if isinstance(p, int))
            assert rest == 0 or rest >= SECRECY_THRESHOLD


def test_the_list_costs_a_fixed_number_of_queries(client, small_cells, django_assert_max_num_queries):
    # Every département of France with its counts: the number of queries does not grow with them.
    with django_assert_max_num_queries(4):
        data = client.get("/api/v1/observatoire/chiffres?niveau=departement&limit=500").json()
    assert data["count"] >= 1
