"""No CSV export lets a spreadsheet run a formula typed by a user (issue 24, finding 9).

OWASP rule: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed
with a single quote. Checked on every CSV the platform writes.
"""

from __future__ import annotations

import csv
import io
import pathlib
import re

import pytest
from django.utils import timezone

from alliances.actors.imports import RejectsWriter
from alliances.core.csv_export import csv_writer, safe_cell
from alliances.observatory.exports import exports_generate
from alliances.observatory.models import TerritoryCount
from alliances.partnerships.models import Alliance
from alliances.territories.models import Territory
from tests.practices.factories import published_practice

FORMULAS = ['=HYPERLINK("https://exemple.invalid";"clic")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_no_module_writes_csv_without_the_escaping_writer():
    root = pathlib.Path(__file__).resolve().parents[2] / "alliances"
    raw = re.compile(r"\bcsv\.(writer|DictWriter)\(")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "csv_export.py" and raw.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_is_prefixed_with_a_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Jardins = partage", "a-b", "", -3, 2.5, None, "'déjà"])
def test_other_cells_are_left_as_they_are(value):
    assert safe_cell(value) == value
    buffer = io.StringIO()
    csv_writer(buffer).writerow([value])
    assert buffer.getvalue() != ""


@pytest.mark.django_db
def test_practices_export_escapes_formulas(client):
    published_practice(title=FORMULAS[0], summary="@SUM(1+1) résumé")
    content = client.get("/pratiques/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + FORMULAS[0] in cells and "'@SUM(1+1) résumé" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


@pytest.mark.django_db
def test_observatory_counts_csv_escapes_formulas(client):
    TerritoryCount.objects.create(
        level="national",
        metric="alliances",
        dimension="forme",
        value="x",
        value_label="=1+1",
        count=12,
        computed_at=timezone.now(),
    )
    content = b"".join(client.get("/observatoire/chiffres.csv").streaming_content).decode()
    rows = list(csv.reader(io.StringIO(content)))
    assert any("'=1+1" in row for row in rows)


@pytest.mark.django_db
def test_observatory_open_data_files_escape_formulas(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mende = Territory.objects.get(kind="commune", code="48095", commune_type="commune-actuelle")
    Alliance.objects.create(
        title=FORMULAS[0], problem="-1+1", territory=mende, lead_organisation_name="@porteur", visibility="public"
    )
    exports_generate()
    with (tmp_path / "observatoire" / "observatoire-alliances.csv").open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle))
    assert row["titre"] == "'" + FORMULAS[0] and row["probleme"] == "'-1+1" and row["porteur"] == "'@porteur"


def test_import_rejects_file_escapes_formulas(tmp_path):
    writer = RejectsWriter(tmp_path / "rejets.csv")
    writer.write("rna.csv", 6, "=cmd|' /C calc'!A0", "identifiant invalide", "ligne ignorée")
    writer.close()
    rows = list(csv.reader((tmp_path / "rejets.csv").open(encoding="utf-8"), delimiter=";"))
    assert rows[1][2] == "'=cmd|' /C calc'!A0" and rows[1][1] == "6"


@pytest.mark.django_db
def test_contributions_csv_escapes_formulas(client):
    from decimal import Decimal

    from alliances.partnerships.models import Commitment
    from tests.partnerships.factories import MembershipFactory

    membership = MembershipFactory(role="pilote", organisation_name="Mairie")
    Commitment.objects.create(
        alliance=membership.alliance,
        organisation_name=FORMULAS[0],
        kind="financier",
        description="x",
        amount_eur=Decimal(5),
    )
    client.force_login(membership.user)
    content = client.get(f"/alliances/{membership.alliance.pk}/valorisation.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert ["'" + FORMULAS[0], "5,00"] == rows[1][:2]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
