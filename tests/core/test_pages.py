"""Pages that belong to no domain."""

import pytest

pytestmark = pytest.mark.django_db


def test_health(client):
    response = client.get("/sante")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.parametrize("url", ["/", "/accessibilite/", "/mentions-legales/", "/donnees-personnelles/"])
def test_public_pages_render_in_french(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert 'href="#contenu"' in html


def test_key_figures_cite_their_source(client):
    html = client.get("/").content.decode()
    assert "81 %" in html and "OpinionWay" in html and "2020" in html


def test_no_asset_from_a_cdn(client):
    html = client.get("/").content.decode()
    assert "https://" not in html.split("<body")[0]


def test_theme_css_uses_operator_colour(client, settings):
    settings.ALLIANCES_OPERATOR = {**settings.ALLIANCES_OPERATOR, "primary_color": "#123456"}
    assert "#123456" in client.get("/theme.css").content.decode()


def test_server_error_page_is_french(client):
    from alliances.core.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "problème" in response.content.decode()


def test_privacy_page_says_what_is_stored_and_links_to_the_rights(client):
    html = client.get("/donnees-personnelles/").content.decode()
    assert "Profil de catalyseur" in html and "mise en relation" in html
    assert "/compte/mes-donnees/" in html and "/compte/supprimer/" in html


def test_catalyst_network_links_to_the_map_of_france(client):
    html = client.get("/catalyseurs/reseau/").content.decode()
    assert "/observatoire/?carte=catalyseurs#cartes" in html
