"""Journeys of real people, in Chromium against a live server, from the home page, typing as a person types.

Every page of a journey runs axe-core, a 375 px pass (no horizontal scroll) and a check that every
numeric SVG attribute parses as a number. Screenshots go to var/journeys/ (not committed).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from alliances.indicators.bundle import bundled_data_load
from alliances.practices.models import Practice
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
    const points = el.getAttribute('points');
    if (points !== null && points.trim().split(/\\s+/).some((pair) => pair.split(',').length !== 2
        || pair.split(',').some((n) => n.trim() === '' || Number.isNaN(Number(n))))) bad.push(`points="${points}"`);
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


def test_mayor_of_a_small_commune(page, live_server, demo):
    """Types "Mende", reads a real portrait, finds practices of territories like theirs and catalysts
    nearby, starts an alliance with the territory already filled in."""
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

    # Three practices from territories like Mende, each a demo case study saying so and why it is there.
    similar = page.get_by_role("region", name="Des territoires comme le mien").locator("li")
    assert similar.count() >= 3
    titles = []
    for item in similar.all()[:3]:
        assert "Exemple fictif — démonstration" in item.inner_text()
        assert item.locator(".similar-reason").inner_text().strip()
        titles.append(item.get_by_role("link").inner_text())
    elsewhere = [t for t in titles if Practice.objects.get(title=t).territories.exclude(code="48095").exists()]
    assert len(elsewhere) >= 2, titles  # not only Mende's own
    similar.first.get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text() == titles[0]
    assert page.get_by_text("Exemple fictif — démonstration").first.is_visible()
    page.go_back()

    # Two catalysts nearby, fictional and saying they cannot be contacted.
    nearby = page.get_by_role("region", name="Catalyseurs territoriaux à proximité").locator(".catalyst-result")
    assert nearby.count() >= 2
    names = [card.get_by_role("heading", level=3).inner_text() for card in nearby.all()[:2]]
    for card in nearby.all()[:2]:
        assert "Exemple fictif — démonstration" in card.inner_text()
        assert card.get_by_test_id("raison").inner_text().strip()
    nearby.nth(1).get_by_role("link").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == names[1]
    assert "fictif" in page.locator("main").inner_text().split("Entrer en relation")[-1]
    assert page.get_by_role("link", name="Demander une mise en relation").count() == 0
    page.go_back()

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


# --- the observatory coordinator -------------------------------------------------------------

CHART_LABELS_INSIDE = """() => [...document.querySelectorAll('svg.chart-bars')].flatMap((svg) => {
  const frame = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')]
    .filter((t) => { const r = t.getBoundingClientRect();
                     return r.width === 0 || r.left < frame.left - 1 || r.right > frame.right + 1; })
    .map((t) => `${svg.closest('figure').id}: « ${t.textContent} »`);
})"""


@pytest.fixture
def demo(real_data, settings, tmp_path):
    """What `make run` shows a visitor: the demo content, the observatory computed, its files written."""
    from alliances.core.demo import demo_load
    from alliances.observatory.exports import exports_generate
    from alliances.observatory.services import observatory_refresh

    settings.MEDIA_ROOT = tmp_path
    demo_load()
    observatory_refresh()
    exports_generate()


def _number(text: str) -> int:
    """A count as a French reader sees it ("1 234", with a narrow or non-breaking space), as an int."""
    assert re.fullmatch(r"\d{1,3}(?:[\u202f\xa0 ]\d{3})*", text), f"« {text} » n'est pas un entier écrit à la française"
    return int(re.sub(r"\D", "", text))


def _download(page, link) -> tuple[str, bytes]:
    with page.expect_download() as info:
        link.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def _charts_draw(page, where: str) -> None:
    """Every bar chart is drawn (non-zero bars), named and described, and its labels fit in it."""
    charts = page.locator("figure.obs-chart")
    assert charts.count() >= 5, where
    for chart in charts.all():
        title = chart.get_by_role("heading", level=3).inner_text()
        svg = chart.locator("svg.chart-bars")
        assert svg.get_attribute("role") == "img"
        # The text alternative: a title naming the chart and a description giving every figure.
        assert svg.locator("title").text_content() == title
        description = svg.locator("desc").text_content()
        counted = chart.locator("details table tbody tr").evaluate_all(
            "rows => rows.map((r) => [r.cells[0].textContent.trim(), r.cells[1].textContent.trim()])"
        )
        assert counted, title
        for label, value in counted:
            assert f"{label} : {value}" in description, (title, label)
        drawn = [box for box in (r.bounding_box() for r in svg.locator("rect").all()) if box]
        non_zero = [v for _, v in counted if v.replace("\u202f", "").isdigit() and int(v.replace("\u202f", "")) > 0]
        assert len(drawn) == len(non_zero), title
        assert all(box["width"] >= 1 and box["height"] > 0 for box in drawn), title
    assert page.evaluate(CHART_LABELS_INSIDE) == [], f"étiquettes coupées ({where})"


def test_observatory_coordinator_reads_figures_charts_and_open_data(page, live_server, demo):
    """From the home page to the national dashboard, a département's, and the open data, downloaded and read."""
    from alliances.core.numbers import format_rate
    from alliances.observatory.enums import ExportKind
    from alliances.observatory.exports import SCHEMAS
    from alliances.observatory.models import TerritoryCount
    from alliances.observatory.selectors import national_population

    page.goto("/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Observatoire").click()
    page.wait_for_url("**/observatoire/")
    assert page.get_by_role("heading", level=1).inner_text() == "Observatoire des alliances — France"

    # National figures: what the page says is what was counted, non-zero, written the French way.
    counted = {c.metric: c.published for c in TerritoryCount.objects.for_scope("national", None).totals()}
    population = national_population()
    for metric in ("alliances", "pratiques", "organisations", "catalyseurs", "autodiagnostics"):
        row = page.locator(f"tr[data-metric='{metric}']")
        shown = _number(row.locator(f"[data-testid='figure-{metric}']").inner_text())
        assert shown == counted[metric] and shown > 0, metric
        # « Pour 100 000 hab. » used to read 0,0 everywhere: now two significant digits at least.
        rate = row.locator("td").nth(1).inner_text()
        assert rate == format_rate(shown * 100_000 / population), (metric, rate)
        assert rate not in ("0", "0,0") and "." not in rate
    assert "alliances refresh" not in page.locator("main").inner_text()
    _charts_draw(page, "France")
    maps = page.locator("svg.obs-map-svg")
    assert maps.count() == 2  # régions and départements
    lozere = page.get_by_role("link", name=re.compile(r"^Lozère \(48\) : "))
    assert lozere.locator("path").bounding_box()["width"] > 5
    check_page(page, "observatoire-1-france")
    page.set_viewport_size({"width": 375, "height": 800})
    _charts_draw(page, "France à 375 px")
    page.set_viewport_size({"width": 1280, "height": 720})

    # The figures of the page, downloaded: the CSV gives the same totals.
    name, content = _download(page, page.get_by_role("link", name="Télécharger les chiffres de la France (CSV)"))
    assert name == "observatoire-national.csv"
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    totals = {r["indicateur"]: r["effectif"] for r in rows if r["niveau"] == "national" and not r["ventilation"]}
    assert totals == {metric: str(value) for metric, value in counted.items()}

    # A département from the map: its figures, compared with its région.
    lozere.focus()  # a map area is a link, reached with Tab and opened with Enter
    page.keyboard.press("Enter")
    page.wait_for_url("**/observatoire/departement/48/")
    assert page.get_by_role("heading", level=1).inner_text() == "Observatoire des alliances — Lozère"
    header = page.locator("table.obs-figures thead").inner_text()
    assert "Occitanie" in header
    practices = page.locator("[data-testid='figure-pratiques']").inner_text()
    assert (
        _number(practices)
        == TerritoryCount.objects.for_scope("departement", _lozere_id()).totals().get(metric="pratiques").published
    )
    _charts_draw(page, "Lozère")
    check_page(page, "observatoire-2-lozere")

    # Open data: each file downloads, parses, has the documented columns and the announced number of lines.
    page.get_by_role("link", name="Observatoire", exact=True).first.click()
    page.wait_for_url("**/observatoire/")
    page.get_by_role("link", name="Données ouvertes et schéma").click()
    page.wait_for_url("**/observatoire/donnees/")
    check_page(page, "observatoire-3-donnees-ouvertes")
    for kind in ExportKind:
        section = page.locator(f"section[aria-labelledby='jeu-{kind.value}']")
        documented = section.locator("tbody th code").all_inner_texts()
        assert documented == [c.name for c in SCHEMAS[kind]]
        csv_link = section.get_by_role("link", name=re.compile(r"^CSV — "))
        announced = _number(re.search(r"— ([\d\u202f\xa0 ]+) ligne", csv_link.inner_text()).group(1))
        assert announced > 0, kind
        name, content = _download(page, csv_link)
        assert name.startswith(f"observatoire-{kind.value}-") and name.endswith(".csv")
        table = list(csv.reader(io.StringIO(content.decode("utf-8"))))
        assert table[0] == documented and len(table) - 1 == announced, kind
        name, content = _download(page, section.get_by_role("link", name=re.compile(r"^JSON — ")))
        data = json.loads(content)
        assert data["licence"].startswith("Licence Ouverte") and len(data["donnees"]) == announced
        assert list(data["donnees"][0]) == documented
    practices = next(
        r
        for r in csv.DictReader(io.StringIO(_download(page, page.get_by_test_id("download-pratiques-csv"))[1].decode()))
    )
    assert practices["exemple_fictif"] == "True"  # demo content says so, in the data too


def _lozere_id() -> int:
    from alliances.territories.models import Territory

    return Territory.objects.get(kind="departement", code="48").pk
