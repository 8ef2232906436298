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
