"""A line the CSV reader cannot accept (a 2 MB field, a NUL character) is rejected with its number
and reason, and every other line is imported — RNA, SIRENE and the nomenclature, on both
databases (a NUL reaching PostgreSQL used to fail the whole import, a huge field stopped it on
both)."""

import csv

import pytest

from alliances.actors.imports import rna_import, rna_nomenclature_import, sirene_import
from alliances.actors.models import Establishment, Organisation, Theme
from tests.actors.test_import_rna import LOZERE, write
from tests.actors.test_import_sirene import ETAB_HEADER, UL_HEADER, etab

pytestmark = pytest.mark.django_db

HUGE = "x" * 2_000_000
TOO_LONG = "champ de plus de 131 072 caractères"
NUL = "caractère nul (octet 0) dans la ligne"


def rejected(path) -> dict[int, tuple[str, str]]:
    """{line: (reason, action)} of a rejects file."""
    with path.open(encoding="utf-8") as handle:
        return {int(r["ligne"]): (r["motif"], r["suite donnée"]) for r in csv.DictReader(handle, delimiter=";")}


@pytest.mark.shared_data
def test_real_lozere_file_with_a_huge_field_on_line_6_and_a_nul_on_line_201(shared_data, tmp_path):
    lines = (shared_data / LOZERE).read_text(encoding="utf-8-sig").splitlines()
    ids = {n: lines[n - 1].split(";", 1)[0].strip('"') for n in (6, 201)}
    lines[5] = lines[5].replace(';"', ';"' + HUGE, 1)  # into the second field (id_ex)
    lines[200] = lines[200].replace(';"', ';"\0', 1)  # into the second field too
    source = write(tmp_path / LOZERE, lines)

    summary = rna_import(source=source, rejects_path=tmp_path / "rejets.csv")

    # The real file: 3,186 lines, one without a title; now two more rejected, all others kept.
    assert (summary.read, summary.rejected, summary.created) == (3186, 3, 3183)
    assert Organisation.objects.count() == 3183
    assert not Organisation.objects.filter(rna_id__in=ids.values()).exists()
    reasons = rejected(tmp_path / "rejets.csv")
    assert reasons[6] == (TOO_LONG, "ligne ignorée") and reasons[201] == (NUL, "ligne ignorée")
    assert summary.reasons[TOO_LONG] == 1 and summary.reasons[NUL] == 1
    text = summary.as_text()
    assert f"1 × {TOO_LONG}" in text and f"1 × {NUL}" in text
    assert not any("\0" in name for name in Organisation.objects.values_list("name", flat=True))


@pytest.mark.parametrize("departements", [["48"], []])
def test_sirene_rejects_unreadable_lines_of_both_files_and_imports_the_others(tmp_path, departements):
    """Filtered by département (legal units read in memory) or the whole stock (read side by side)."""
    etabs = write(
        tmp_path / "StockEtablissement_utf8.csv",
        [
            ETAB_HEADER,
            etab("55210055400013", name="AVANT"),
            etab("55210055400021", name="NOM" + HUGE),  # line 3
            etab("73282932000074", name="NUL\0"),  # line 4
            etab("73282932000082", name="APRES"),
        ],
    )
    units = write(
        tmp_path / "StockUniteLegale_utf8.csv",
        [
            UL_HEADER,
            "443061841,O,,11,A,ILLISIBLE" + HUGE + ",,5710,47.11F,00013,N,N",  # line 2
            "552100554,O,,12,A,AUTRE,,5710,47.11F,00013,N,N",
            "732829320,O,,11,A,MENUISERIE,MCP,5458,16.23Z,00074,O,O",
        ],
    )
    summary = sirene_import(
        etablissements=etabs, unites_legales=units, departements=departements, rejects_path=tmp_path / "r.csv"
    )
    assert (summary.read, summary.created, summary.rejected) == (4, 2, 3)
    assert sorted(Establishment.objects.values_list("siret", flat=True)) == ["55210055400013", "73282932000082"]
    assert Organisation.objects.get(siren="552100554").name == "AUTRE"
    with (tmp_path / "r.csv").open(encoding="utf-8") as handle:
        rows = [(r["fichier"], int(r["ligne"]), r["motif"]) for r in csv.DictReader(handle, delimiter=";")]
    assert sorted(rows) == [
        ("StockEtablissement_utf8.csv", 3, TOO_LONG),
        ("StockEtablissement_utf8.csv", 4, NUL),
        ("StockUniteLegale_utf8.csv", 2, TOO_LONG),
    ]


def test_nomenclature_rejects_an_unreadable_line_and_loads_the_others(tmp_path):
    source = write(
        tmp_path / "nomenclature.csv",
        [
            "objet_social_parent_id;objet_social_parent_lib;objet_social_id;objet_social_lib",
            "009000;ACTION SOCIOCULTURELLE;009005;maisons de jeunes" + HUGE,
            "009000;ACTION SOCIOCULTURELLE;009010;loisirs\0",
            "009000;ACTION SOCIOCULTURELLE;009015;associations socio-éducatives, scoutisme",
        ],
    )
    summary = rna_nomenclature_import(source=source)
    assert (summary.read, summary.rejected) == (3, 2)
    assert summary.reasons == {f"ligne 2 : {TOO_LONG}": 1, f"ligne 3 : {NUL}": 1}
    assert Theme.objects.get(code="009015").label == "associations socio-éducatives, scoutisme"
    assert not Theme.objects.filter(code__in=["009005", "009010"]).exists()
