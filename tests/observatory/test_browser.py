"""The national and a département's dashboards in a real browser: charts, map, keyboard, axe-core."""

import re

import pytest

from alliances.observatory.services import observatory_refresh
from tests.browser.conftest import assert_accessible
from tests.observatory.conftest import populations_counter

pytestmark = pytest.mark.browser


@pytest.fixture
def aggregates(reference_data):
    observatory_refresh(
        counters=(populations_counter(territory__code__in=["48095", "48061", "48080", "69123", "42218"]),)
    )


@pytest.mark.parametrize("url", ["/observatoire/", "/observatoire/departement/48/"])
def test_dashboard_has_charts_and_a_map_and_no_serious_violation(page, aggregates, url):
    page.goto(url)
    assert page.locator("svg.chart-bars").count() >= 1
    assert page.locator("svg.obs-map-svg").count() >= 1
    assert_accessible(page)


def test_map_areas_are_reachable_with_the_keyboard(page, aggregates):
    page.goto("/observatoire/")
    lozere = page.get_by_role("link", name=re.compile(r"^Lozère \(48\) : "))
    lozere.first.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Lozère (48)")
    page.keyboard.press("Enter")
    page.wait_for_url("**/observatoire/departement/48/")
    assert page.get_by_role("heading", level=1).inner_text().endswith("Lozère")
