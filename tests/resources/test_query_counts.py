"""Every list of the resource centre makes a bounded number of queries, whatever its length.

Each list is read with 8 more items than the demo: one query per item would exceed the bound.
"""

import pytest

from alliances.resources import services
from tests.conftest import make_user
from tests.resources.factories import EventFactory, KitFactory, ResourceFactory

pytestmark = pytest.mark.django_db

ITEMS = 8


@pytest.fixture
def many(demo):
    for n in range(ITEMS):
        resource = ResourceFactory(title=f"Webinaire convention {n}")
        resource.themes.set(["emploi", "jeunesse"])
        resource.sdgs.set([8, 17])
        resource.steps.set(["agir", "comprendre"])
        kit = KitFactory(title=f"Kit convention {n}")
        kit.sdgs.set([17])
        for item in (resource, kit):
            services.resource_index(resource=item)
    return [EventFactory(title=f"Atelier {n}", capacity=10) for n in range(ITEMS)]


def test_resource_list_pages(client, many, django_assert_max_num_queries):
    for params, shown, hidden in (
        ({}, "Webinaire convention 0", None),
        ({"q": "convention"}, "Kit convention 0", None),
        ({"type": "kit", "odd": 17}, "Kit convention 0", "Webinaire convention"),
    ):
        with django_assert_max_num_queries(12):
            response = client.get("/ressources/", params)
        html = response.content.decode()
        assert response.status_code == 200 and shown in html
        assert hidden is None or hidden not in html


def test_event_list_page(client, many, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        page = client.get("/ressources/evenements/").content.decode()
    assert page.count("Atelier ") >= ITEMS


def test_my_registrations(client, many, django_assert_max_num_queries):
    member = make_user("inscrite@exemple.fr")
    for event in many:
        services.event_register(event=event, user=member)
    client.force_login(member)
    with django_assert_max_num_queries(8):
        page = client.get("/ressources/evenements/mes-inscriptions/").content.decode()
    assert page.count("Atelier ") >= ITEMS


def test_api_lists(client, many, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        data = client.get("/api/v1/ressources", {"limit": 50}).json()
    assert data["count"] >= 9 + 2 * ITEMS
    with django_assert_max_num_queries(8):
        data = client.get("/api/v1/ressources", {"q": "convention", "limit": 50}).json()
    assert data["count"] >= 2 * ITEMS
    with django_assert_max_num_queries(8):
        data = client.get("/api/v1/evenements", {"limit": 50}).json()
    assert data["count"] >= ITEMS
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/evenements.ics").status_code == 200
