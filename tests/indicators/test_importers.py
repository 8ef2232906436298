"""Pure parsing of the official files: real quirks (decimal commas, secrecy, year in headers)."""

import io

import pytest
from openpyxl import Workbook

from alliances.indicators.derive import derived_measures
from alliances.indicators.enums import ValueStatus
from alliances.indicators.importers.common import LineError, Row, WrongFileError, parse_number
from alliances.indicators.importers.comparateur import parse_comparateur
from alliances.indicators.importers.densite import parse_density_grid, xlsx_rows
from alliances.indicators.importers.filosofi import parse_filosofi
from alliances.indicators.importers.laposte import centroids, parse_laposte

FILOSOFI_HEADER = "CODGEO;NBMENFISC21;NBPERSMENFISC21;MED21;PIMP21;TP6021;D121;D921;RD21\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50,0", (50.0, ValueStatus.OK)),
        ("76.9798", (76.9798, ValueStatus.OK)),
        ("s", (None, ValueStatus.SECRET)),
        ("nd", (None, ValueStatus.NOT_AVAILABLE)),
        ("", (None, ValueStatus.NOT_AVAILABLE)),
        ("-14,8", (-14.8, ValueStatus.OK)),
        ("1 234,5", (1234.5, ValueStatus.OK)),
        ("0", (0.0, ValueStatus.OK)),
    ],
)
def test_parse_number_reads_insee_cells(text, expected):
    assert parse_number(text) == expected


def test_parse_number_refuses_text():
    with pytest.raises(ValueError):
        parse_number("abc")


def _measures(row: Row) -> dict:
    return {m.indicator: (m.value, m.status, m.vintage) for m in row.measures}


def test_filosofi_reads_decimal_commas_secrecy_and_reports_bad_lines():
    lines = io.StringIO(
        FILOSOFI_HEADER
        + "01004;6855;15092;21660;50,0;17,0;11890;36450;3,1\n"
        + "01001;346;895;25820;s;s;s;s;s\n"
        + "09304;nd;nd;nd;nd;nd;nd;nd;nd\n"
        + "01005;800;2028;abc;61,0;s;1;2;3\n"
        + "01006;1;2\n"
    )
    items = list(parse_filosofi(lines))
    rows = [i for i in items if isinstance(i, Row)]
    errors = [i for i in items if isinstance(i, LineError)]
    assert [r.code for r in rows] == ["01004", "01001", "09304"]
    assert _measures(rows[0])["taux_pauvrete"] == (17.0, ValueStatus.OK, 2021)
    assert _measures(rows[0])["niveau_vie_median"] == (21660.0, ValueStatus.OK, 2021)
    assert _measures(rows[1])["taux_pauvrete"] == (None, ValueStatus.SECRET, 2021)
    assert _measures(rows[2])["niveau_vie_median"] == (None, ValueStatus.NOT_AVAILABLE, 2021)
    assert [(e.line, e.reason) for e in errors] == [
        (5, "valeur non numérique « abc » dans la colonne MED21"),
        (6, "3 colonnes au lieu de 9"),
    ]


def test_filosofi_refuses_another_file_naming_the_expected_columns():
    with pytest.raises(WrongFileError, match="colonnes attendues CODGEO;NBMENFISCaa"):
        list(parse_filosofi(io.StringIO("Code_commune_INSEE;Nom_commune\n01001;X\n")))


def test_comparateur_real_extract_detects_year_and_mixed_separators(shared_data):
    with (shared_data / "base_cc_comparateur_2025_extrait.csv").open(encoding="utf-8-sig") as handle:
        items = list(parse_comparateur(handle))
    assert all(isinstance(i, Row) for i in items)
    assert len(items) == 13
    first = {(m.indicator, m.vintage): m for m in items[2].measures}  # 01004
    assert first[("population", 2022)].value == 15554
    assert first[("population", 2016)].value == 14081
    assert first[("part_menages_imposes", 2021)].value == 50.0  # decimal comma
    assert first[("emplois", 2022)].value == pytest.approx(8290.94341057301)  # decimal point
    assert first[("etablissements", 2024)].value == 592
    assert first[("naissances", 2021)].value == 1325
    derived = {m.indicator: m for m in derived_measures(items[2].measures)}
    assert derived["taux_chomage"].value == pytest.approx(100 * 1005.74464122363 / 7479.60020720097)
    assert derived["densite"].value == pytest.approx(15554 / 24.6)
    assert derived["solde_naturel"].value == 1325 - 808


def test_comparateur_previous_edition_header_p21():
    lines = io.StringIO("CODGEO;P21_POP;P15_POP;SUPERF;P21_LOG;P21_LOGVAC\n48095;12000;12500;36,6;7000;700\n")
    (row,) = parse_comparateur(lines)
    measures = {(m.indicator, m.vintage): m.value for m in row.measures}
    assert measures[("population", 2021)] == 12000
    assert measures[("superficie", 2021)] == 36.6
    assert {m.indicator: m.value for m in derived_measures(row.measures)}["taux_vacance"] == 10.0


def test_comparateur_refuses_filosofi():
    with pytest.raises(WrongFileError, match="base comparateur"):
        list(parse_comparateur(io.StringIO(FILOSOFI_HEADER)))


def test_secrecy_propagates_to_a_derived_rate():
    lines = io.StringIO("CODGEO;P22_POP;P22_CHOM1564;P22_ACT1564\n01001;10;s;5\n")
    (row,) = parse_comparateur(lines)
    (rate,) = [m for m in derived_measures(row.measures) if m.indicator == "taux_chomage"]
    assert (rate.value, rate.status) == (None, ValueStatus.SECRET)


def _density_xlsx(path, rows, title="Grille communale de densité à 7 niveaux, millésime 2024"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([title])
    sheet.append(["Source : Insee"])
    sheet.append([])
    sheet.append(["Champ : France"])
    sheet.append(["CODGEO", "LIBGEO", "DENS", "LIBDENS", "PMUN21"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_density_grid_reads_xlsx_after_title_rows(tmp_path):
    path = _density_xlsx(
        tmp_path / "grille.xlsx",
        [
            ["48095", "Mende", 4, "Petites villes", 12464],
            ["01001", "L'Abergement", "6", "Rural à habitat dispersé", 859],
            ["01002", "X", 9, "?", 1],
        ],
    )
    items = list(parse_density_grid(xlsx_rows(path)))
    assert [(i.code, i.measures[0].value, i.measures[0].vintage) for i in items if isinstance(i, Row)] == [
        ("48095", 4.0, 2024),
        ("01001", 6.0, 2024),
    ]
    (error,) = [i for i in items if isinstance(i, LineError)]
    assert error.line == 8 and "hors de 1 à 7" in error.reason


def test_density_grid_refuses_a_csv(tmp_path):
    path = tmp_path / "grille.xlsx"
    path.write_text("CODGEO;DENS\n")
    with pytest.raises(WrongFileError):
        list(parse_density_grid(xlsx_rows(path)))


def test_laposte_centroid_and_paris_from_its_arrondissements():
    lines = io.StringIO(
        "\ufeffCode_commune_INSEE;Nom_commune;Code_postal;Ligne_5;Libellé_d_acheminement;coordonnees_geographiques\n"
        "48095;MENDE;48000;;MENDE;44.5, 3.5\n"
        "48095;MENDE;48000;CHABRITS;MENDE;44.6, 3.7\n"
        "75101;PARIS 01;75001;;PARIS;48.86, 2.34\n"
        "75102;PARIS 02;75002;;PARIS;48.87, 2.36\n"
        "01001;X;01400;;X;pas de coordonnées\n"
    )
    items = list(parse_laposte(lines))
    (error,) = [i for i in items if isinstance(i, LineError)]
    assert error.line == 6 and "coordonnées illisibles" in error.reason
    result = centroids(i for i in items if not isinstance(i, LineError))
    assert result["48095"] == (44.55, 3.6)
    assert result["75056"] == (48.865, 2.35)
    assert result["75101"] == (48.86, 2.34)
