"""In a real browser: Mende's portrait renders, its PDF downloads, and axe-core finds no serious issue."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from alliances.territories.models import Territory
from tests.browser.conftest import assert_accessible
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.browser

HEADER = "CODGEO;NBMENFISC21;NBPERSMENFISC21;MED21;PIMP21;TP6021;D121;D921;RD21\n"


@pytest.fixture
def lozere_data(reference_data, tmp_path):
    communes = Territory.objects.current_communes().filter(departement__code="48").order_by("code")
    lines = [
        f"{c.code};{100 + i};{220 + i};{20000 + 10 * i};{'s' if i % 3 else '45,0'};{'s' if i % 3 else '14,0'};s;s;s\n"
        for i, c in enumerate(communes)
    ]
    path = tmp_path / "cc_filosofi_2021_COM.csv"
    path.write_text(
        HEADER
        + "48095;5479;11043;22980;52,0;13,0;12900;37000;2,9\n"
        + "".join(line for line in lines if not line.startswith("48095"))
    )
    call_command("import_indicators", "--source", "filosofi", str(path), stdout=StringIO(), stderr=StringIO())
    laposte = SHARED_DATA / "laposte_hexasmal.csv"
    if laposte.is_file():
        extract = tmp_path / "laposte_hexasmal.csv"
        with laposte.open(encoding="utf-8-sig") as source:
            header = next(source)
            extract.write_text(header + "".join(line for line in source if line.startswith("48")))
        call_command("import_postal_codes", str(extract), stdout=StringIO(), stderr=StringIO())


def test_mende_portrait_renders_downloads_a_pdf_and_is_accessible(page, lozere_data, tmp_path):
    page.goto("/territoires/commune/48095/")
    assert page.get_by_role("heading", name="Portrait du territoire").is_visible()
    assert page.get_by_role("table", name="Chiffres clés de Mende").is_visible()
    assert page.get_by_role("img", name="Niveau de vie médian (2021)").count() == 1
    assert_accessible(page, context="portrait de Mende")
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger le portrait (PDF)").click()
    target = Path(tmp_path) / "portrait.pdf"
    info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert info.value.suggested_filename == "portrait-commune-48095.pdf"
    page.get_by_role("link", name="Version imprimable").click()
    page.wait_for_url("**/territoires/commune/48095/portrait/")
    assert page.get_by_role("heading", name="Portrait de Mende").is_visible()
    assert_accessible(page, context="version imprimable du portrait de Mende")
