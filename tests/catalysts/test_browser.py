"""An official of a Lozère commune finds nearby catalysts and opens a profile, keyboard and axe checked."""

import re

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(reference_data):
    from alliances.catalysts.demo import load_demo

    return load_demo()


def test_finder_from_a_lozere_commune_then_a_profile(page, demo):
    page.goto("/catalyseurs/")
    page.get_by_role("combobox", name="Territoire", exact=True).fill("Mende")
    page.get_by_label("Métier").select_option("accompagnement")
    page.get_by_role("button", name="Chercher", exact=True).click()
    page.wait_for_url(re.compile(r"territoire=Mende"))
    reasons = [" ".join(r.split()) for r in page.get_by_test_id("raison").all_inner_texts()]
    assert "Pourquoi ce catalyseur : intervient sur le département de la Lozère · accompagnement" in reasons
    assert all("accompagnement" in r for r in reasons)
    assert "Gwenaëlle Le Bihan" not in page.content()
    assert_accessible(page, context="recherche de catalyseurs")

    page.get_by_role("link", name="Solène Vidalenc", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/catalyseurs/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Solène Vidalenc"
    assert page.get_by_text("Exemple fictif — démonstration").count() >= 1
    assert_accessible(page, context="profil de catalyseur")


def test_network_page_is_accessible(page, demo):
    page.goto("/catalyseurs/reseau/")
    assert page.get_by_role("table").count() == 1
    assert_accessible(page, context="carte du réseau")
