"""The official data shipped with the project: Filosofi 2021 and La Poste, loaded offline by `make run`;
figures of merged communes carried to today's commune through the COG history."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string

from alliances.indicators.bundle import bundled_data_load
from alliances.indicators.enums import ValueStatus
from alliances.indicators.models import IndicatorValue
from alliances.indicators.views import _print_context
from alliances.territories.models import CommuneAlias, ReferentialLoad, Territory

pytestmark = pytest.mark.django_db
# "alliances " followed by a command (load_official_data, import_indicateurs…).
COMMAND = re.compile(r"\balliances [a-z]+_[a-z_]+")

HEADER = "CODGEO;NBMENFISC21;NBPERSMENFISC21;MED21;PIMP21;TP6021;D121;D921;RD21\n"


def _commune(code: str) -> Territory:
    return Territory.objects.get(kind="commune", code=code, commune_type="commune-actuelle")


def _value(code: str, indicator: str) -> IndicatorValue:
    return IndicatorValue.objects.get(territory=_commune(code), indicator__code=indicator)


def test_referential_carries_the_cog_history():
    # 01330 Ruffieu merged into 01187 Haut Valromey after 2021; 48066 Fraissinet-de-Lozère in 2016.
    ruffieu = CommuneAlias.objects.get(former_code="01330")
    assert ruffieu.commune.code == "01187" and ruffieu.name == "Ruffieu"
    assert CommuneAlias.objects.get(former_code="48066").commune.code == "48116"


def test_merged_communes_figures_are_carried_to_todays_commune(tmp_path):
    path = tmp_path / "cc_filosofi_2021_COM.csv"
    # 01187 and 01330 (Ruffieu, merged into 01187 since), as in the real file.
    path.write_text(HEADER + "01187;300;600;22000;40,0;10,0;12000;35000;2,9\n01330;100;200;20000;s;20,0;s;s;s\n")
    out = StringIO()
    call_command("import_indicateurs", "--source", "filosofi", str(path), stdout=out, stderr=StringIO())
    assert "codes absents" not in out.getvalue()
    assert "reportées sur 1 communes actuelles" in out.getvalue()
    # Counts add up; a published rate is recomputed from its weight; a median does not add up.
    assert _value("01187", "menages_fiscaux").value == 400
    assert _value("01187", "personnes_menages_fiscaux").value == 800
    assert _value("01187", "taux_pauvrete").value == pytest.approx((10.0 * 600 + 20.0 * 200) / 800)
    median = _value("01187", "niveau_vie_median")
    assert (median.value, median.status) == (None, ValueStatus.NOT_AVAILABLE)
    assert _value("01187", "part_menages_imposes").status == ValueStatus.SECRET


@pytest.mark.shared_data
def test_real_filosofi_file_ignores_no_code(shared_data):
    out = StringIO()
    call_command(
        "import_indicateurs",
        "--source",
        "filosofi",
        str(shared_data / "cc_filosofi_2021_COM.csv"),
        stdout=out,
        stderr=StringIO(),
        verbosity=0,
    )
    assert "34909 lignes lues" in out.getvalue()
    assert "codes absents" not in out.getvalue()
    assert _value("01187", "menages_fiscaux").value > 0


def test_shipped_bundle_gives_a_real_portrait_offline(client):
    first = bundled_data_load()
    assert [r.skipped for r in first] == [False, False]
    assert "0 codes ignorés" in first[1].summary
    # A second load does nothing (make run twice).
    loads = ReferentialLoad.objects.count()
    assert [r.skipped for r in bundled_data_load()] == [True, True]
    assert ReferentialLoad.objects.count() == loads

    mende = _commune("48095")
    assert mende.latitude == pytest.approx(44.52, abs=0.05)
    html = client.get("/territoires/commune/48095/").content.decode()
    assert "22\u202f980\xa0€" in html and "13,0\u202f%" in html
    assert "INSEE, Filosofi, 2021" in html
    assert "Fragilités et atouts" in html and "parmi les 20 %" in html
    # The comparison columns: a real value or a named equivalent, never "non disponible".
    table = html[html.index('<table class="portrait-table">') : html.index("</table>")]
    assert "non disponible" not in table
    assert "médiane des" in table
    pdf_html = render_to_string("indicators/portrait_print.html", _print_context(mende, pdf=True))
    assert "22\u202f980\xa0€" in pdf_html and "13,0\u202f%" in pdf_html and "INSEE, Filosofi" in pdf_html
    for page in (html, pdf_html):
        assert not COMMAND.search(page) and "manage.py" not in page and "--source" not in page


def test_situation_map_places_the_commune_and_its_neighbours_in_the_departement(client):
    bundled_data_load()
    html = client.get("/territoires/commune/48095/").content.decode()
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" class="situation-map"')
    svg = html[start : html.index("</svg>", start)]
    assert '<path d="m ' in svg  # the département's outline
    assert ">Mende</text>" in svg and "Chastel-Nouvel" in svg
    # Every numeric attribute parses as a number (no localised decimal comma in markup).
    for _name, value in re.findall(r'\b(x|y|cx|cy|r|font-size|stroke-width)="([^"]*)"', svg):
        float(value)
    for number in re.search(r'viewBox="([^"]*)"', svg).group(1).split():
        float(number)
    # The text alternative names the neighbours with their distance and direction.
    assert "Communes les plus proches de Mende : Chastel-Nouvel (5 km au nord)" in html
