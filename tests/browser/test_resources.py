"""In a real browser: the resource list, a kit and an event are accessible; registering works."""

import pytest
from django.core import mail
from django.test import Client

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def demo_content(reference_data):
    from alliances.resources.demo import load_demo

    load_demo()


@pytest.mark.parametrize(
    "url",
    [
        "/ressources/",
        "/ressources/kit-co-construction-cinq-etapes/",
        "/ressources/evenements/",
        "/ressources/evenements/atelier-diagnostic-partage-mende/",
    ],
)
def test_resource_pages_have_no_serious_accessibility_violation(page, demo_content, url):
    page.goto(url)
    assert_accessible(page)


def test_filter_then_register_to_an_event_with_the_keyboard(page, demo_content, live_server, django_user_model):
    user = django_user_model.objects.create_user(
        email="elue@example.org", password="x" * 12, display_name="Élue fictive"
    )
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto("/ressources/")
    page.get_by_label("Type").select_option("kit")
    page.get_by_role("button", name="Appliquer les filtres").click()
    assert page.get_by_role("heading", name="3 ressources").is_visible()

    page.goto("/ressources/evenements/cafe-catalyseurs-sortir-de-la-crise/")
    assert "3 places disponibles sur 3" in page.get_by_test_id("places").inner_text()
    page.get_by_role("button", name="S'inscrire").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=registration-status]")
    assert "Vous êtes inscrit·e" in page.get_by_test_id("registration-status").inner_text()
    assert "2 places disponibles" in page.get_by_test_id("places").inner_text()
    assert_accessible(page, context="après inscription")
    assert mail.outbox[-1].to == ["elue@example.org"]

    page.get_by_role("button", name="Annuler mon inscription").click()
    page.wait_for_selector("text=Votre inscription est annulée")
    assert "3 places disponibles" in page.get_by_test_id("places").inner_text()
