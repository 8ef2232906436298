"""A line the CSV reader cannot accept (a 2 MB field, a NUL character) is reported with its number
and reason, and every other line is imported: Filosofi, the comparateur and La Poste's postal
codes (a huge field used to stop the command with a raw `_csv.Error`)."""

from io import StringIO

import pytest
from django.core.management import call_command

from alliances.indicators.importers.common import LineError, Row
from alliances.indicators.importers.comparateur import parse_comparateur
from alliances.indicators.models import IndicatorValue
from alliances.territories.models import Territory

pytestmark = pytest.mark.django_db

HUGE = "9" * 2_000_000
TOO_LONG = "champ de plus de 131 072 caractères"
NUL = "caractère nul (octet 0) dans la ligne"


def _run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, verbosity=0)
    return out.getvalue(), err.getvalue()


def _spoiled(source, target, count: int) -> list[str]:
    """The header and first `count` lines of a real file, a 2 MB field on line 6 and a NUL on line 201."""
    lines = source.read_text(encoding="utf-8-sig").splitlines()[: count + 1]
    lines[5] = lines[5].replace(";", ";" + HUGE, 1)
    lines[200] = lines[200].replace(";", ";\0", 1)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


@pytest.mark.shared_data
def test_filosofi_keeps_every_other_line(shared_data, tmp_path):
    path = tmp_path / "cc_filosofi_2021_COM.csv"
    lines = _spoiled(shared_data / path.name, path, 300)
    out, err = _run("import_indicators", "--source", "filosofi", str(path))
    assert "298 lignes lues" in out
    assert f"ligne 6 : {TOO_LONG}" in err and f"ligne 201 : {NUL}" in err
    imported = set(IndicatorValue.objects.filter(territory__kind="commune").values_list("territory__code", flat=True))
    spoiled = {lines[5].split(";", 1)[0], lines[200].split(";", 1)[0]}
    others = {line.split(";", 1)[0] for line in lines[1:]} - spoiled
    assert imported <= others and len(imported) > 250  # not the spoiled lines' communes


@pytest.mark.shared_data
def test_postal_codes_keep_every_other_line(shared_data, tmp_path):
    path = tmp_path / "laposte_hexasmal.csv"
    lines = _spoiled(shared_data / path.name, path, 400)
    placed = [line for n, line in enumerate(lines[1:], start=2) if n not in (6, 201) and line.split(";")[-1]]
    out, err = _run("import_postal_codes", str(path))
    assert f"{len(placed)} points lus" in out
    assert f"ligne 6 : {TOO_LONG}" in err and f"ligne 201 : {NUL}" in err
    assert Territory.objects.filter(kind="commune", latitude__isnull=False).exists()


def test_comparateur_reports_the_lines_and_reads_the_others():
    header = "CODGEO;LIBGEO;P21_POP;SUPERF\n"
    items = list(
        parse_comparateur([header, f"48095;Mende{HUGE};12000;36\n", "48061;Florac\0;2000;50\n", "48001;X;1;2\n"])
    )
    assert [(i.line, i.reason) for i in items if isinstance(i, LineError)] == [(2, TOO_LONG), (3, NUL)]
    assert [i.code for i in items if isinstance(i, Row)] == ["48001"]
