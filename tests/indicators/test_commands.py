"""The import commands, end to end: real files, idempotency, bad lines, wrong files, URLs."""

import functools
import http.server
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from alliances.indicators.enums import ValueStatus
from alliances.indicators.models import IndicatorValue
from alliances.territories.models import Territory

pytestmark = pytest.mark.django_db

HEADER = "CODGEO;NBMENFISC21;NBPERSMENFISC21;MED21;PIMP21;TP6021;D121;D921;RD21\n"


def _run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, verbosity=0)
    return out.getvalue(), err.getvalue()


def test_real_filosofi_file_through_the_api(client, shared_data):
    out, _ = _run("import_indicators", "--source", "filosofi", str(shared_data / "cc_filosofi_2021_COM.csv"))
    assert "34909 lignes lues" in out
    paris = client.get("/api/v1/communes/75056/indicateurs").json()
    median = next(i for i in paris["indicateurs"] if i["code"] == "niveau_vie_median")
    assert (median["valeur"], median["unite"], median["millesime"], median["source"]) == (
        29730,
        "EUR",
        2021,
        "INSEE, Filosofi",
    )
    assert median["statut"] == "valeur diffusée"
    # 01001 L'Abergement-Clémenciat: poverty rate under statistical secrecy.
    small = client.get("/api/v1/communes/01001/indicateurs").json()
    poverty = next(i for i in small["indicateurs"] if i["code"] == "taux_pauvrete")
    assert poverty["valeur"] is None
    assert poverty["statut"] == "secret statistique"
    # Medians are never aggregated: no computed value for a département.
    lozere = client.get("/api/v1/departements/48/indicateurs").json()
    assert "niveau_vie_median" not in {i["code"] for i in lozere["indicateurs"]}


def test_import_is_idempotent_and_keeps_good_lines(tmp_path):
    path = tmp_path / "cc_filosofi_2021_COM.csv"
    path.write_text(
        HEADER + "48095;5479;11043;22980;52,0;13,0;12900;37000;2,9\n"
        "48061;12;x;s;s;s;s;s;s\n"
        "48080;40;90;21000;s;s;s;s;s\n"
    )
    out, err = _run("import_indicators", "--source", "filosofi", str(path))
    assert "2 lignes lues" in out
    assert "ligne 3 : valeur non numérique « x » dans la colonne NBPERSMENFISC21" in err
    count = IndicatorValue.objects.count()
    _run("import_indicators", "--source", "filosofi", str(path))
    assert IndicatorValue.objects.count() == count
    mende = IndicatorValue.objects.get(
        territory__code="48095", territory__kind="commune", indicator__code="taux_pauvrete"
    )
    assert (mende.value, mende.status, mende.vintage) == (13.0, ValueStatus.OK, 2021)


def test_weighted_rate_is_recomputed_not_averaged(tmp_path):
    # Every commune of Mende's EPCI, none secret: the EPCI rate is Σ(rate×persons)/Σpersons.
    mende = Territory.objects.get(kind="commune", code="48095", commune_type="commune-actuelle")
    members = Territory.objects.current_communes().filter(epci_id=mende.epci_id)
    rows = []
    for commune in members:
        persons, rate = (10000, 20.0) if commune.code == "48095" else (100, 5.0)
        rows.append(f"{commune.code};100;{persons};20000;50,0;{rate};1;2;3\n")
    path = tmp_path / "cc_filosofi_2021_COM.csv"
    path.write_text(HEADER + "".join(rows))
    _run("import_indicators", "--source", "filosofi", str(path))
    epci_value = IndicatorValue.objects.get(territory_id=mende.epci_id, indicator__code="taux_pauvrete")
    others = members.count() - 1
    expected = (20.0 * 10000 + 5.0 * 100 * others) / (10000 + 100 * others)
    assert epci_value.value == pytest.approx(expected)
    assert epci_value.is_computed and epci_value.coverage == 1.0


def test_wrong_file_is_refused_naming_the_expected_columns(shared_data):
    with pytest.raises(CommandError, match="colonnes attendues CODGEO;NBMENFISCaa"):
        _run("import_indicators", "--source", "filosofi", str(shared_data / "laposte_hexasmal.csv"))
    assert not IndicatorValue.objects.exists()


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        _run("import_indicators", "--source", "filosofi", str(tmp_path / "absent.csv"))


def test_comparateur_real_extract(shared_data, client):
    out, _ = _run(
        "import_indicators", "--source", "comparateur", str(shared_data / "base_cc_comparateur_2025_extrait.csv")
    )
    assert "13 lignes lues" in out
    data = client.get("/api/v1/communes/01004/indicateurs").json()
    by_code = {i["code"]: i for i in data["indicateurs"]}
    assert by_code["population"]["valeur"] == 15554 and by_code["population"]["millesime"] == 2022
    assert by_code["taux_chomage"]["valeur"] == pytest.approx(13.4466, abs=1e-3)
    # 13 communes of the Ain: far from enough to compute the département's figures.
    ain = {i["code"]: i for i in client.get("/api/v1/departements/01/indicateurs").json()["indicateurs"]}
    assert ain["population"]["valeur"] is None and ain["population"]["statut"] == "non disponible"


def test_postal_codes_place_communes(shared_data):
    out, _ = _run("import_postal_codes", str(shared_data / "laposte_hexasmal.csv"))
    assert "communes mises à jour" in out
    mende = Territory.objects.get(kind="commune", code="48095", commune_type="commune-actuelle")
    assert 44.4 < mende.latitude < 44.6 and 3.4 < mende.longitude < 3.6
    paris = Territory.objects.get(kind="commune", code="75056", commune_type="commune-actuelle")
    assert 48.8 < paris.latitude < 48.9 and 2.25 < paris.longitude < 2.45


@pytest.fixture
def http_server(tmp_path):
    """A local HTTP server serving tmp_path/www (stands for the official site)."""
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_download_from_url_into_data_dir(http_server, tmp_path, settings):
    root, base = http_server
    settings.ALLIANCES_DATA_DIR = tmp_path / "data"
    (root / "cc_filosofi_2021_COM.csv").write_text(HEADER + "48095;5479;11043;22980;52,0;13,0;12900;37000;2,9\n")
    out, _ = _run("import_indicators", "--source", "filosofi", f"{base}/cc_filosofi_2021_COM.csv")
    assert "1 lignes lues" in out
    assert (tmp_path / "data" / "cc_filosofi_2021_COM.csv").is_file()
    assert IndicatorValue.objects.filter(territory__code="48095", indicator__code="niveau_vie_median").exists()
    with pytest.raises(CommandError, match="Téléchargement impossible"):
        _run("import_indicators", "--source", "filosofi", f"{base}/absent.csv")


def test_zip_from_url_uses_the_commune_file(http_server, tmp_path, settings):
    import zipfile

    root, base = http_server
    settings.ALLIANCES_DATA_DIR = tmp_path / "data"
    with zipfile.ZipFile(root / "base-cc-filosofi-2021.zip", "w") as archive:
        archive.writestr("cc_filosofi_2021_COM.csv", HEADER + "48095;5479;11043;22980;52,0;13,0;12900;37000;2,9\n")
        archive.writestr("cc_filosofi_2021_DEP.csv", HEADER + "48;1;2;3;4;5;6;7;8\n")
        archive.writestr("meta_cc_filosofi_2021.csv", "x")
    out, _ = _run("import_indicators", "--source", "filosofi", f"{base}/base-cc-filosofi-2021.zip")
    assert "(cc_filosofi_2021_COM.csv)" in out and "1 lignes lues" in out
    value = IndicatorValue.objects.get(territory__code="48095", indicator__code="niveau_vie_median")
    assert value.value == 22980


def test_official_departement_file_is_kept_over_aggregation(tmp_path):
    dep = tmp_path / "cc_filosofi_2021_DEP.csv"
    dep.write_text(HEADER + "48;34000;72000;21500;45,0;14,9;11500;36000;3,1\n")
    _run("import_indicators", "--source", "filosofi", str(dep))
    communes = tmp_path / "cc_filosofi_2021_COM.csv"
    communes.write_text(HEADER + "48095;5479;11043;22980;52,0;13,0;12900;37000;2,9\n")
    _run("import_indicators", "--source", "filosofi", str(communes))
    lozere = IndicatorValue.objects.get(
        territory__kind="departement", territory__code="48", indicator__code="taux_pauvrete"
    )
    assert (lozere.value, lozere.is_computed) == (14.9, False)
    median = IndicatorValue.objects.get(
        territory__kind="departement", territory__code="48", indicator__code="niveau_vie_median"
    )
    assert median.value == 21500


def test_density_grid_command(tmp_path):
    from tests.indicators.test_importers import _density_xlsx

    path = _density_xlsx(
        tmp_path / "grille_densite_7_niveaux_2024.xlsx", [["48095", "Mende", 4, "Petites villes", 12464]]
    )
    out, _ = _run("import_indicators", "--source", "densite", str(path))
    assert "1 lignes lues" in out
    from alliances.indicators.selectors import density_class

    mende = Territory.objects.get(kind="commune", code="48095", commune_type="commune-actuelle")
    assert density_class(mende).level == 4
