"""A newcomer finds their commune from the home page, with the keyboard or the mouse."""

import re

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_type_mende_pick_it_and_see_its_population(page):
    page.goto("/")
    page.get_by_label("Rechercher une commune").fill("mende")
    page.get_by_role("link", name=re.compile(r"^Mende")).first.click()
    page.wait_for_url("**/territoires/commune/48095/")
    population = page.get_by_test_id("population").inner_text()
    assert re.sub(r"\s", "", population) == "12464habitants"


def test_search_works_without_suggestions(page):
    page.goto("/")
    page.get_by_label("Rechercher une commune").fill("48000")
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/?q=48000")
    assert page.get_by_role("link", name=re.compile(r"^Mende")).count() == 1


def test_skip_link_is_the_first_tab_stop(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Aller au contenu"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/territoires/commune/48095/",
        "/territoires/epci/244800405/",
        "/territoires/departement/48/",
        "/territoires/region/76/",
        "/recherche/?q=saint",
        "/appels/",
        "/appels/?territoire=48000",
        "/accessibilite/",
        "/compte/login/",
        "/compte/signup/",
    ],
)
def test_main_pages_have_no_serious_accessibility_violation(page, url):
    page.goto(url)
    assert_accessible(page)
