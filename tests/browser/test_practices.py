"""A visitor searches practices with a facet, with and without htmx; pages pass axe-core."""

import re

import pytest

from alliances.practices.demo import load_demo
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_practices(page):
    assert load_demo() >= 10
    return page


def test_search_with_a_facet_updates_results_and_url(demo_practices):
    page = demo_practices
    page.goto("/pratiques/")
    page.get_by_label("Rechercher une pratique").fill("emploi jeunes")
    page.locator("#recherche-pratiques").get_by_role("button", name="Rechercher", exact=True).click()
    page.wait_for_url(re.compile(r"q=emploi(\+|%20)jeunes"))
    # The URL changes before htmx swaps the results in: wait for the swap to settle, or the
    # facet would be ticked in the old, about-to-be-replaced form and its change lost.
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")
    heading = page.locator("#resultats-titre")
    before = heading.inner_text()
    page.get_by_label(re.compile(r"^ODD 4 ")).check()
    page.wait_for_url(re.compile(r"odd=4"))
    page.wait_for_function("before => document.querySelector('#resultats-titre').innerText !== before", arg=before)
    cards = page.locator(".practice-card").all_inner_texts()
    assert cards, "au moins une pratique ODD 4"
    assert all("ODD 4" in card for card in cards)
    assert page.get_by_label(re.compile(r"^ODD 4 ")).is_checked()
    assert_accessible(page, context="liste des pratiques filtrée")
    page.locator(".practice-card h3 a").first.click()
    page.wait_for_url(re.compile(r"/pratiques/\d+/$"))
    assert page.get_by_text("Exemple fictif — démonstration").first.is_visible()
    assert_accessible(page, context="fiche pratique")


def test_contribution_form_offers_territory_autocomplete(page):
    from tests.conftest import make_user

    make_user("contributrice@exemple.fr", display_name="Contributrice")
    page.goto("/compte/login/?next=/pratiques/contribuer/")
    page.locator("main input[name=login]").fill("contributrice@exemple.fr")
    page.locator("main input[name=password]").fill("motdepasse-solide-42")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/pratiques/contribuer/"))
    page.get_by_label("Titre de la pratique").fill("Navette des aînés")
    page.get_by_label("Résumé").fill(
        "Une commune, une association et un garage solidaire conduisent les aînés au marché."
    )
    # The combobox under the field: a picked suggestion becomes a line in everyday words.
    adding = page.get_by_role("combobox", name="Ajouter un territoire")
    adding.press_sequentially("Mende", delay=30)
    page.get_by_role("option", name=re.compile(r"^Mende \(48095\)")).click()
    assert page.get_by_label("Territoires concernés").input_value() == "Mende (48095)"
    assert_accessible(page, context="contribution, suggestions de territoires")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url(re.compile(r"/pratiques/\d+/modifier/2/"))
    from alliances.practices.models import Practice

    assert [t.code for t in Practice.objects.get(title="Navette des aînés").territories.all()] == ["48095"]
