"""A NUL character (U+0000) anywhere a request carries text is refused once, at the boundary
(alliances.core.middleware.RejectNulMiddleware): 400 with a French message, for pages and API.

Before, `GET /recherche/?q=a%00b` was a 500 on PostgreSQL (DataError: text cannot hold NUL)."""

import json

import pytest
from django.contrib.auth import get_user_model

from alliances.core.middleware import NUL_MESSAGE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/recherche/?q=a%00b",
        "/recherche/?q%00=a",
        "/acteurs/?q=mende%00",
        "/pratiques/?q=%00",
        "/acteurs/%00/",
    ],
)
def test_a_page_asked_with_a_nul_character_is_a_french_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "caractère nul" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/acteurs?q=a%00b",
        "/api/v1/territoires?q=Mende%00",
        "/api/v1/observatoire/chiffres?indicateur=%00",
        "/api/v1/pratiques?q=x&q=%00",
    ],
)
def test_an_api_request_with_a_nul_character_is_a_json_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json() == {"detail": NUL_MESSAGE}


def test_a_form_posted_with_a_nul_character_is_refused_and_nothing_is_saved(client):
    response = client.post(
        "/compte/signup/",
        {"email": "nul\x00@example.org", "password1": "motdepasse-solide-42", "password2": "motdepasse-solide-42"},
    )
    assert response.status_code == 400
    assert "caractère nul" in response.content.decode()
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize("body", ['{"q": "a\\u0000b"}', '{"a\\u0000": 1}', '[{"x": ["\\u0000"]}]', '{"q": "a\x00"}'])
def test_a_json_body_with_a_nul_character_is_refused(client, body):
    response = client.post("/api/v1/acteurs", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"] == NUL_MESSAGE


def test_an_escaped_backslash_before_u0000_is_not_a_nul(client):
    # "\\u0000" in JSON is the six characters \u0000, not U+0000: the request goes on (405: the
    # API has no write operation there).
    response = client.post("/api/v1/acteurs", json.dumps({"q": "\\u0000"}), content_type="application/json")
    assert response.status_code == 405


def test_ordinary_requests_go_through(client):
    assert client.get("/recherche/?q=Mende").status_code == 200
    assert client.get("/api/v1/territoires?q=Mende").status_code == 200
