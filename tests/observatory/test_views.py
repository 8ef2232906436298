"""Dashboards, maps, CSV and API read the stored aggregates and show secrecy everywhere."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from alliances.observatory.counters import Counter
from alliances.observatory.exports import COUNT_COLUMNS, PRACTICE_COLUMNS, exports_generate
from alliances.observatory.models import KeyFigure
from alliances.observatory.services import observatory_refresh
from tests.observatory.conftest import populations_counter

pytestmark = pytest.mark.django_db

THREE_IN_LOZERE = populations_counter(vintage=2026, territory__code__in=["48095", "48061", "48080"])


@pytest.fixture
def three_in_lozere():
    observatory_refresh(counters=(THREE_IN_LOZERE,))


def _csv(response) -> list[dict]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(content.decode())))


@pytest.mark.parametrize(
    "url",
    ["/observatoire/", "/observatoire/region/76/", "/observatoire/departement/48/", "/observatoire/epci/244800405/"],
)
def test_dashboards_render_with_charts_map_and_sources(client, three_in_lozere, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="obs-map-svg"' in html and "CC BY 4.0" in html
    assert "Source :" in html
    assert "<table" in html


def test_a_territory_with_three_alliances_shows_less_than_five_in_page_csv_and_api(client, three_in_lozere):
    page = client.get("/observatoire/departement/48/").content.decode()
    assert 'data-testid="figure-alliances">&lt; 5<' in page

    rows = _csv(client.get("/observatoire/departement/48/chiffres.csv"))
    total = next(r for r in rows if r["indicateur"] == "alliances" and r["ventilation"] == "")
    assert total["effectif"] == "< 5"

    data = client.get("/api/v1/observatoire/chiffres", {"territoire": "departement:48"}).json()
    total = next(i for i in data["items"] if i["indicateur"] == "alliances" and i["ventilation"] == "")
    assert total["effectif"] is None and total["secret"] == "primaire"
    assert "3" not in json.dumps([i["effectif"] for i in data["items"]])


def test_map_areas_are_focusable_links_with_name_and_value(client, three_in_lozere):
    html = client.get("/observatoire/").content.decode()
    assert 'aria-label="Lozère (48) : &lt; 5"' in html
    assert 'href="/observatoire/departement/48/"' in html
    # Overseas départements are drawn as insets with their real outline (Natural Earth), each a
    # focusable link like the metropolitan ones.
    for name, code in [
        ("Guadeloupe", "971"),
        ("Martinique", "972"),
        ("Guyane", "973"),
        ("La Réunion", "974"),
        ("Mayotte", "976"),
    ]:
        start = html.index(f'aria-label="{name} ({code}, outre-mer)')
        link = html[start : html.index("</a>", start)]
        assert 'class="obs-inset-frame"' in link and '<path d="M' in link and "transform=" in link


def test_map_per_inhabitant_hides_the_rate_of_a_secret_cell(client, three_in_lozere):
    html = client.get("/observatoire/", {"carte": "alliances", "mesure": "habitant"}).content.decode()
    assert "pour 100 000 habitants par département" in html
    assert 'aria-label="Lozère (48) : &lt; 5"' in html


def test_unknown_territory_is_a_404(client):
    assert client.get("/observatoire/departement/00/").status_code == 404
    assert client.get("/observatoire/commune/48095/").status_code == 404


def test_key_figures_are_seeded_with_their_source_and_year(client):
    assert KeyFigure.objects.count() >= 4
    html = client.get("/observatoire/").content.decode()
    for figure in KeyFigure.objects.all():
        assert figure.value in html
        source = escape(figure.source)
        assert f"{source}</a>, {figure.year}" in html or f"{source}, {figure.year}" in html


def test_open_data_page_documents_every_column_and_the_licence(client, media, three_in_lozere):
    exports_generate()
    html = client.get(reverse("observatory:open_data")).content.decode()
    assert "Licence Ouverte" in html
    for column in PRACTICE_COLUMNS + COUNT_COLUMNS:
        assert f"<code>{column.name}</code>" in html
    assert "généré le" in html


def test_generated_counts_csv_has_the_documented_columns_and_secrecy(client, media, three_in_lozere):
    exports_generate()
    response = client.get(reverse("observatory:download", args=["chiffres", "csv"]))
    assert response.status_code == 200
    assert response["Last-Modified"]
    rows = _csv(response)
    assert list(rows[0].keys()) == [c.name for c in COUNT_COLUMNS]
    lozere = next(r for r in rows if r["niveau"] == "departement" and r["code"] == "48" and r["ventilation"] == "")
    assert lozere["effectif"] == "< 5"


def test_generated_practices_csv_opens_with_the_documented_columns(client, media):
    exports_generate()
    response = client.get(reverse("observatory:download", args=["pratiques", "csv"]))
    content = b"".join(response.streaming_content).decode()
    assert content.splitlines()[0].split(",") == [c.name for c in PRACTICE_COLUMNS]


def test_json_export_is_valid_and_licensed(client, media, three_in_lozere):
    exports_generate()
    response = client.get(reverse("observatory:download", args=["chiffres", "json"]))
    data = json.loads(b"".join(response.streaming_content))
    assert data["licence"].startswith("Licence Ouverte")
    assert data["donnees"] and "effectif" in data["donnees"][0]


def test_a_file_not_generated_yet_is_a_404(client, media):
    assert client.get(reverse("observatory:download", args=["alliances", "csv"])).status_code == 404


def test_territory_page_shows_the_sdg_compass(client, three_in_lozere):
    html = client.get("/territoires/departement/48/").content.decode()
    assert "Boussole ODD" in html
    assert html.count('class="sdg-badge') >= 17
    assert "/observatoire/departement/48/" in html


def test_list_pages_cost_a_fixed_number_of_queries(client, three_in_lozere, media, django_assert_max_num_queries):
    exports_generate()
    with django_assert_max_num_queries(3):
        page = client.get("/observatoire/donnees/")
    assert page.status_code == 200
    with django_assert_max_num_queries(4):
        response = client.get("/observatoire/departement/48/chiffres.csv")
    assert len(_csv(response)) >= 1


def test_dashboard_not_yet_computed_says_so_without_a_command(client):
    html = client.get("/observatoire/").content.decode()
    assert "n'ont pas encore été calculés" in html
    assert "refresh_observatory" not in html and "<code>alliances" not in html


def test_map_table_rate_per_100_000_keeps_two_significant_digits(client):
    """One item in Paris (2.1 million inhabitants) is 0,047 per 100,000: the table used to write 0,0."""
    from alliances.core.numbers import format_rate
    from alliances.territories.models import Territory

    one_in_paris = Counter(
        **{**populations_counter(vintage=2026, territory__code="75056").__dict__, "confidential": False}
    )
    observatory_refresh(counters=(one_in_paris,))
    paris = Territory.objects.get(kind="departement", code="75")
    expected = format_rate(100_000 / paris.population)
    assert expected.startswith("0,0") and expected != "0,0"
    html = client.get("/observatoire/", {"carte": "alliances", "mesure": "habitant"}).content.decode()
    departements = html[html.index('id="carte-departement"') :]
    row = re.search(r"<td>75</td>.*?</tr>", departements, re.S).group(0)
    assert f'<td class="number">{expected}</td>' in row


def test_chart_table_writes_counts_the_french_way():
    from alliances.observatory.distributions import distribution
    from alliances.observatory.models import TerritoryCount

    cell = TerritoryCount(
        level="national", metric="alliances", dimension="type", value="asso", value_label="Associations"
    )
    cell.count, cell.suppressed, cell.secondary, cell.confidential = 1234, False, False, False
    chart = distribution("test", "Essai", "Source", [cell])
    assert chart.rows[0].display == "1\u202f234"
    assert "Associations : 1\u202f234" in chart.svg
