"""Territory pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_commune_page_shows_population_with_vintage_and_source(client):
    response = client.get("/territoires/commune/48095/")
    html = response.content.decode().replace("\xa0", " ").replace("\u202f", " ")
    assert response.status_code == 200
    assert "Mende" in html
    assert "12 464 habitants" in html
    assert "+146 habitants" in html
    assert "millésime 2026" in html
    assert "INSEE" in html
    assert "Lozère" in html and "Occitanie" in html
    assert "48000" in html


def test_epci_page_lists_member_communes(client):
    html = client.get("/territoires/epci/244800405/").content.decode()
    assert "Communes membres" in html and "Mende" in html


def test_departement_and_region_pages(client):
    assert "Intercommunalités du département" in client.get("/territoires/departement/48/").content.decode()
    assert "Départements de la région" in client.get("/territoires/region/76/").content.decode()


def test_communes_list_is_paginated_with_bounded_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/territoires/departement/48/communes/")
    assert response.status_code == 200
    assert len(queries) <= 6


def test_unknown_or_malformed_territory_is_a_french_404(client):
    for url in ["/territoires/commune/99999/", "/territoires/commune/abc/", "/territoires/canton/12/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "Page introuvable" in response.content.decode()


def test_suggestions_partial(client):
    html = client.get("/territoires/suggestions/", {"q": "mende"}).content.decode()
    assert "/territoires/commune/48095/" in html


def test_search_page_without_javascript(client):
    html = client.get("/recherche/", {"q": "48000"}).content.decode()
    assert html.count("/territoires/commune/") == 12
