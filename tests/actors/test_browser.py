"""In a real browser: search the directory with the keyboard, open an organisation, check accessibility."""

import re

import pytest

from alliances.actors.demo import load_demo
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_search_directory_with_keyboard_then_organisation_page(page):
    load_demo()
    page.goto("/acteurs/")
    assert_accessible(page, context="liste des acteurs")
    page.get_by_label("Nom ou objet").fill("jardins")
    page.get_by_role("combobox", name="Territoire").fill("Mende")  # as people type it
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*q=jardins.*"))
    link = page.get_by_role("link", name="Les Jardins Partagés du Causse (exemple)")
    assert page.get_by_role("heading", name="1 organisation").is_visible()
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/acteurs/\d+/$"))
    assert page.get_by_text("Exemple fictif — démonstration").first.is_visible()
    assert page.get_by_role("heading", name="Thèmes et ODD").is_visible()
    assert_accessible(page, context="fiche d'une organisation")
    page.goto("/territoires/commune/48095/")
    assert page.get_by_role("heading", name="Acteurs du territoire").is_visible()
    assert_accessible(page, context="page de Mende avec la section des acteurs")
