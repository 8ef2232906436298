"""The self-assessment section of territory pages."""

import pytest

from tests.assessment.factories import UserFactory, commune, completed_assessment

pytestmark = pytest.mark.django_db


def test_commune_page_invites_to_take_the_self_assessment(client):
    html = client.get("/territoires/commune/48095/").content.decode()
    assert "Autodiagnostic de maturité" in html
    assert "/autodiagnostic/commencer/?territoire=commune%3A48095" in html


def test_departement_page_has_no_section(client):
    assert "Faire l'autodiagnostic" not in client.get("/territoires/departement/48/").content.decode()


def test_last_results_shown_when_public_or_to_participants(client):
    author = UserFactory()
    private = completed_assessment(commune("48095"), level=3, by=author)
    html = client.get("/territoires/commune/48095/").content.decode()
    assert private.get_results_url() not in html
    client.force_login(author)
    assert private.get_results_url() in client.get("/territoires/commune/48095/").content.decode()
    client.logout()
    public = completed_assessment(commune("48095"), level=2, is_public=True)
    html = client.get("/territoires/commune/48095/").content.decode()
    assert public.get_results_url() in html and "score global 33/100 (premiers pas)" in html
