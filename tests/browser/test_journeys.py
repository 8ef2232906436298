"""Journeys of real people, in Chromium against a live server, from the home page, typing as a person types.

Every page of a journey runs axe-core, a 375 px pass (no horizontal scroll) and a check that every
numeric SVG attribute parses as a number. Screenshots go to var/journeys/ (not committed).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from alliances.indicators.bundle import bundled_data_load
from tests.actors.factories import OrganisationFactory, commune
from tests.browser.conftest import assert_accessible
from tests.conftest import make_user

pytestmark = pytest.mark.browser

SHOTS = Path(settings.VAR_DIR) / "journeys"
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > 376)
  .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= 376)
  .slice(0, 5)
  .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (${Math.round(el.getBoundingClientRect().right)} px)`)"""

NUMERIC_SVG = """() => {
  const names = ['x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'width', 'height',
                 'font-size', 'stroke-width', 'dx', 'dy'];
  const bad = [];
  for (const el of document.querySelectorAll('svg, svg *')) {
    for (const name of names) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      const text = value.endsWith('%') ? value.slice(0, -1) : value;
      if (text.trim() === '' || Number.isNaN(Number(text))) bad.push(`${el.tagName} ${name}="${value}"`);
    }
    const box = el.getAttribute('viewBox');
    if (box !== null && box.trim().split(/[\\s,]+/).some((n) => Number.isNaN(Number(n)))) bad.push(`viewBox="${box}"`);
  }
  return bad;
}"""


def check_page(page, name: str) -> None:
    """axe-core, numeric SVG attributes, and no sideways scroll at 375 px; screenshots of both widths."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert_accessible(page, context=name)
    assert page.evaluate(NUMERIC_SVG) == [], f"attributs SVG non numériques sur {name}"
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    width = page.viewport_size
    page.set_viewport_size({"width": 375, "height": 800})
    try:
        scroll = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(SHOTS / f"{name}-375.png"))
        if scroll > 375:
            with (SHOTS / "overflow.txt").open("a", encoding="utf-8") as notes:
                notes.write(f"{name}: {scroll} px — {', '.join(page.evaluate(WIDEST))}\n")
        assert scroll <= 375, f"{name} défile latéralement à 375 px ({scroll} px)"
    finally:
        page.set_viewport_size(width or {"width": 1280, "height": 800})


@pytest.fixture
def real_data(reference_data):
    """What `make run` loads offline: the shipped Filosofi 2021 and La Poste files."""
    bundled_data_load()


def _sign_in(page, live_server) -> None:
    user = make_user("maire@mende.example", first_name="Claire")
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_mayor_of_a_small_commune(page, live_server, real_data):
    """Types "Mende", reads a real portrait, starts an alliance with the territory already filled in."""
    _sign_in(page, live_server)
    page.goto("/")
    check_page(page, "maire-1-accueil")
    page.get_by_role("searchbox", name="Rechercher une commune").fill("Mende")
    page.keyboard.press("Enter")
    page.get_by_role("link", name=re.compile(r"^Mende\b")).first.click()
    page.wait_for_url("**/territoires/commune/48095/")
    body = page.locator("main").inner_text()
    assert "22\u202f980\xa0€" in body and "13,0\u202f%" in body
    assert "INSEE, Filosofi, 2021" in body
    assert "Fragilités et atouts" in body and "parmi les 20 %" in body
    assert "médiane des" in body
    assert page.get_by_role("img", name="Carte de situation de Mende").is_visible()
    assert "alliances load" not in body and "import_indicateurs" not in body
    check_page(page, "maire-2-portrait-mende")

    page.get_by_role("link", name="Démarrer une alliance sur ce territoire").click()
    page.wait_for_url("**/alliances/nouvelle/**")
    field = page.get_by_role("combobox", name="Territoire")
    assert field.input_value() == "Mende (48095)"
    # The autocomplete, with the keyboard only: type, arrow down, Enter.
    field.fill("")
    field.press_sequentially("Mend", delay=60)
    page.get_by_role("option", name="Mende (48095)").wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    field.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant")
    field.press("Enter")
    assert field.input_value() == "Mende (48095)"
    assert field.get_attribute("aria-expanded") == "false"
    assert "choisi" in page.locator(".territory-combobox [role=status]").inner_text()
    check_page(page, "maire-3-nouvelle-alliance")


def test_association_director_finds_their_association(page, live_server, reference_data):
    """Finds the association by its name, then by typing the commune's name (no suggestion picked)."""
    OrganisationFactory(name="Les Sentiers du Mont Lozère")
    OrganisationFactory(name="Cercle rennais des sentiers", commune=commune("35238"))
    page.goto("/")
    check_page(page, "association-1-accueil")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Acteurs").click()
    page.wait_for_url("**/acteurs/")
    page.get_by_label("Nom ou objet").fill("sentiers")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name="Les Sentiers du Mont Lozère").wait_for()
    assert page.get_by_role("link", name="Cercle rennais des sentiers").count() == 1
    check_page(page, "association-2-annuaire-nom")

    territory = page.get_by_role("combobox", name="Territoire")
    territory.press_sequentially("Mende", delay=40)
    territory.press("Escape")  # closes the suggestions, picks nothing
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("heading", name="1 organisation").wait_for()
    assert page.get_by_role("link", name="Les Sentiers du Mont Lozère").is_visible()
    assert page.get_by_role("link", name="Cercle rennais des sentiers").count() == 0
    check_page(page, "association-3-annuaire-mende")

    territory.fill("48000")
    territory.press("Escape")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_text("Vouliez-vous dire").wait_for()
    page.get_by_role("link", name="Mende (48095)").click()
    page.get_by_role("link", name="Les Sentiers du Mont Lozère").wait_for()
    check_page(page, "association-4-annuaire-code-postal")


def test_epci_officer_reads_the_epci_portrait(page, live_server, real_data):
    """Types the intercommunality's name as people say it, reads its comparisons; the PDF has no admin text."""
    page.goto("/")
    page.get_by_role("searchbox", name="Rechercher une commune").fill("Coeur de Lozère")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="CC Coeur de Lozère").first.click()
    page.wait_for_url("**/territoires/epci/244800405/")
    body = page.locator("main").inner_text()
    assert "Chiffres clés" in body and "Lozère" in body and "Occitanie" in body
    assert "INSEE, Filosofi" in body
    assert page.get_by_role("img", name="Carte de situation de CC Coeur de Lozère").is_visible()
    check_page(page, "epci-1-portrait")
    response = page.request.get("/territoires/epci/244800405/portrait/")
    assert response.ok
    printable = response.text()
    assert "load_official_data" not in printable and "import_indicateurs" not in printable
    assert "administrateur" not in printable
