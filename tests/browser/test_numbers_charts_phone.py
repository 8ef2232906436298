"""In Chromium: numbers typed the French way, charts actually drawn, every main page usable at 375 px."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from alliances.core.demo import demo_load
from alliances.observatory.services import observatory_refresh
from alliances.partnerships import services
from alliances.partnerships.enums import Visibility
from alliances.partnerships.models import Indicator, Measurement
from tests.browser.conftest import assert_accessible
from tests.browser.test_indicators_portrait import lozere_data  # noqa: F401 (fixture)
from tests.browser.test_journeys import NUMERIC_SVG
from tests.conftest import make_user
from tests.partnerships.factories import mende

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 800}


def _sign_in(page, user, live_server) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _drawn(page, selector: str) -> list[dict]:
    """Bounding boxes of the matching SVG shapes as Chromium drew them."""
    return [box for box in (shape.bounding_box() for shape in page.locator(selector).all()) if box]


def test_typing_10_comma_5_stores_10_5_and_the_line_is_drawn(page, live_server):
    pilot = make_user("pilote@exemple.fr", display_name="Paule Pilote")
    alliance = services.alliance_create(
        by=pilot,
        organisation_name="Mairie de Mende",
        data={
            "title": "Emploi des jeunes à Mende",
            "problem": "Les jeunes partent.",
            "territory": mende(),
            "lead_organisation_name": "Mairie de Mende",
            "visibility": Visibility.MEMBERS,
            "sdgs": [8],
        },
    )
    indicator = Indicator.objects.create(alliance=alliance, name="Jeunes en emploi", dimension="organisations")
    _sign_in(page, pilot, live_server)
    page.goto(f"/alliances/{alliance.pk}/espace/evaluer/")
    for day, typed in (("2026-03-01", "10,5"), ("2026-09-01", "1 234,5")):
        form = page.get_by_role("form", name="Ajouter une mesure à « Jeunes en emploi »")
        form.locator("input[name=date]").fill(day)
        form.get_by_label("Valeur").press_sequentially(typed)
        form.locator("input[name=source]").fill("Mission locale")
        form.get_by_role("button", name="Ajouter la mesure").click()
        page.wait_for_load_state()
    values = list(Measurement.objects.filter(indicator=indicator).order_by("date").values_list("value", flat=True))
    assert values == [Decimal("10.5"), Decimal("1234.5")]
    line = _drawn(page, "svg.chart-line polyline")
    assert len(line) == 1 and line[0]["width"] > 100 and line[0]["height"] > 50
    points = _drawn(page, "svg.chart-line circle")
    assert len(points) == 2 and all(box["width"] > 0 and box["height"] > 0 for box in points)
    # "10,5,3" is refused with a message, and nothing is stored.
    form = page.get_by_role("form", name="Ajouter une mesure à « Jeunes en emploi »")
    form.locator("input[name=date]").fill("2026-10-01")
    form.get_by_label("Valeur").press_sequentially("10,5,3")
    form.locator("input[name=source]").fill("Mission locale")
    form.get_by_role("button", name="Ajouter la mesure").click()
    page.wait_for_load_state()
    assert "« 10,5,3 » contient plusieurs séparateurs décimaux" in page.content()
    assert Measurement.objects.filter(indicator=indicator).count() == 2


def _alliance_with_measurements() -> int:
    return Measurement.objects.order_by("indicator__alliance_id").values_list("indicator__alliance_id", flat=True)[0]


@pytest.fixture
def demo(reference_data, lozere_data):  # noqa: F811
    demo_load()
    observatory_refresh()


@pytest.mark.usefixtures("demo")
def test_demo_charts_are_drawn_by_chromium(page):
    from alliances.assessment.models import Assessment

    page.goto(f"/alliances/{_alliance_with_measurements()}/")
    assert page.evaluate(NUMERIC_SVG) == []
    assert all(box["width"] > 0 for box in _drawn(page, "svg.chart-line polyline"))
    assert _drawn(page, "svg.chart-line circle")
    page.goto("/observatoire/")
    assert page.evaluate(NUMERIC_SVG) == []
    bars = _drawn(page, "svg.chart-bars rect")
    assert bars and all(box["width"] > 0 and box["height"] > 0 for box in bars)
    # Every label starts inside its drawing (they used to be cut at the start: "ervice de l'État…").
    assert page.evaluate(
        """() => [...document.querySelectorAll('svg.chart-bars')].every(svg => {
             const frame = svg.getBoundingClientRect();
             return [...svg.querySelectorAll('text')].every(t => {
               const r = t.getBoundingClientRect(); return r.left >= frame.left - 1 && r.right <= frame.right + 1; });
           })"""
    )
    public = Assessment.objects.filter(is_public=True).first()
    page.goto(f"/autodiagnostic/{public.pk}/resultats/")
    assert page.evaluate(NUMERIC_SVG) == []
    polygons = _drawn(page, "svg.chart-radar polygon.radar-current")
    assert polygons and polygons[0]["width"] > 0
    page.goto("/territoires/commune/48095/")
    assert page.evaluate(NUMERIC_SVG) == []
    assert _drawn(page, "svg.chart-bars rect")


PAGES = [
    "/",
    "/territoires/commune/48095/",
    "/pratiques/",
    "/acteurs/",
    "/catalyseurs/",
    "/alliances/",
    "/appels/",
    "/observatoire/",
    "/autodiagnostic/",
]


@pytest.mark.usefixtures("demo")
def test_no_page_scrolls_sideways_at_375_px_and_the_menu_folds(page):
    page.set_viewport_size(PHONE)
    from alliances.assessment.models import Assessment

    public = Assessment.objects.filter(is_public=True).first()
    for url in [*PAGES, f"/alliances/{_alliance_with_measurements()}/", f"/autodiagnostic/{public.pk}/resultats/"]:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{url} : {width} px de large"
        assert_accessible(page, context=f"{url} à 375 px")
    # Filter checkboxes sit on the line of their label, before it (they were stacked above it).
    for url in ("/pratiques/", "/catalyseurs/"):
        page.goto(url)
        boxes = page.locator("main input[type=checkbox]").all()
        assert boxes, url
        for box in boxes[:5]:
            label = page.locator(f"label[for='{box.get_attribute('id')}']")
            mine, theirs = box.bounding_box(), label.bounding_box()
            assert mine["x"] < theirs["x"] and theirs["y"] < mine["y"] + mine["height"], (url, box.get_attribute("id"))
    # The main menu is folded behind a button that says whether it is open; Escape closes it.
    page.goto("/")
    menu = page.get_by_role("button", name="Menu")
    link = page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Observatoire")
    assert menu.get_attribute("aria-expanded") == "false" and not link.is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true" and link.is_visible()
    link.focus()
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false" and not link.is_visible()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"
    # Wide screens keep the menu open without a button.
    page.set_viewport_size({"width": 1200, "height": 800})
    assert link.is_visible() and not menu.is_visible()
