"""The portrait on the territory page, its printable version and its PDF; the fragility rule."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from alliances.indicators.selectors import population_band, territory_fragilities
from alliances.territories.models import Territory

pytestmark = pytest.mark.django_db
# "alliances " followed by a command (load_official_data, import_indicateurs…).
COMMAND = re.compile(r"\balliances [a-z]+_[a-z_]+")

HEADER = "CODGEO;NBMENFISC21;NBPERSMENFISC21;MED21;PIMP21;TP6021;D121;D921;RD21\n"


def _commune(code: str) -> Territory:
    return Territory.objects.get(kind="commune", code=code, commune_type="commune-actuelle")


@pytest.fixture
def filosofi_occitanie(tmp_path):
    """Communes of Occitanie of 10,000–19,999 inhabitants (Mende's comparables), Mende the poorest."""
    mende = _commune("48095")
    peers = Territory.objects.current_communes().filter(
        region_id=mende.region_id, population__gte=10000, population__lt=20000
    )
    lines = []
    for index, commune in enumerate(peers.order_by("code")):
        poverty = 30.0 if commune.code == "48095" else 10.0 + (index % 10)
        lines.append(f"{commune.code};5000;11000;{21000 + index * 10};50,0;{poverty:.1f};12000;37000;2,9\n")
    path = tmp_path / "cc_filosofi_2021_COM.csv"
    path.write_text(HEADER + "".join(lines))
    call_command("import_indicators", "--source", "filosofi", str(path), stdout=StringIO(), stderr=StringIO())
    return peers.count()


def test_fragility_rule_and_its_sentence(filosofi_occitanie):
    assert filosofi_occitanie >= 10
    fragilities = territory_fragilities(_commune("48095"))
    poverty = next(f for f in fragilities if f.code == "taux_pauvrete")
    assert poverty.kind == "fragilite"
    assert poverty.sdgs == (1, 10)
    assert poverty.sentence.startswith(
        "Le taux de pauvreté (30,0\u202f%) est parmi les 20 % les plus élevés des communes de 10 000 à 19 999 habitants de la région Occitanie"
    )


def test_fragilities_api(client, filosofi_occitanie):
    data = client.get("/api/v1/communes/48095/fragilites").json()
    kinds = {f["code"]: f["type"] for f in data["fragilites"]}
    assert kinds["taux_pauvrete"] == "fragilite"
    assert client.get("/api/v1/communes/99999/fragilites").status_code == 404


def test_portrait_section_on_the_territory_page(client, filosofi_occitanie, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        response = client.get("/territoires/commune/48095/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Portrait du territoire" in html
    assert "Taux de pauvreté" in html and "30,0\u202f%" in html
    assert "Fragilités" in html and "ODD 1" in html
    assert 'role="img"' in html and "Données du graphique" in html
    assert "/territoires/commune/48095/portrait.pdf" in html
    # The density grid is not loaded: one sober line says so, never a command.
    assert "Pas encore chargé sur cette plateforme" in html and "classe de densité" in html
    assert not COMMAND.search(html) and "--source" not in html


def test_portrait_with_only_the_referential_says_what_is_missing_without_commands(client, admin_client):
    html = client.get("/territoires/commune/48095/").content.decode()
    assert "ne s'appuie pour l'instant que sur le référentiel" in html
    assert "Pas encore chargé sur cette plateforme" in html and "niveau de vie médian" in html
    assert "administrateur" not in html
    assert not COMMAND.search(html)
    for command in ("--source", "import_codes_postaux", "<code>"):
        assert command not in html
    assert "Chiffres clés" not in html
    # The operator sees, in the admin, what is missing and the command that loads it.
    admin = admin_client.get("/admin/indicators/indicator/").content.decode()
    assert "alliances load_official_data --source filosofi" in admin
    assert "alliances load_official_data --source laposte" in admin


@pytest.mark.parametrize(
    "url", ["/territoires/epci/244800405/", "/territoires/departement/48/", "/territoires/region/76/"]
)
def test_portrait_of_every_level(client, filosofi_occitanie, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "Portrait du territoire" in response.content.decode()


def test_printable_page_and_pdf(client, filosofi_occitanie, monkeypatch):
    page = client.get("/territoires/commune/48095/portrait/")
    html = page.content.decode()
    assert page.status_code == 200 and "Portrait de Mende" in html
    # The SDG compass of the territory page is in the printable version, its needs included.
    assert "Boussole ODD du territoire" in html and "ODD prioritaires" in html
    import weasyprint

    rendered = []
    original = weasyprint.HTML

    def spy(*args, **kwargs):
        rendered.append(kwargs["string"])
        return original(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    pdf = client.get("/territoires/commune/48095/portrait.pdf")
    assert pdf.status_code == 200
    (source,) = rendered
    for figure in ("Chiffres clés", "Fragilités", "Boussole ODD du territoire", "graphique-taux_pauvrete"):
        assert figure in source
    assert 2 <= len(original(string=source).render().pages) <= 4
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client.get("/territoires/commune/00000/portrait.pdf").status_code == 404


def test_population_bands():
    assert population_band(_commune("48095")).label == "10 000 à 19 999 habitants"
    assert population_band(Territory.objects.get(kind="departement", code="48")) is None


def test_lists_of_indicators_cost_a_fixed_number_of_queries(client, filosofi_occitanie, django_assert_max_num_queries):
    # Values, parents, comparables, SDGs: one query each, whatever the number of indicators.
    with django_assert_max_num_queries(8):
        data = client.get("/api/v1/communes/48095/indicateurs").json()
    assert len(data["indicateurs"]) >= 8
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/communes/48095/fragilites").status_code == 200
    # 14: one more than before for the medians of the communes (one query for all indicators).
    with django_assert_max_num_queries(14):
        assert client.get("/territoires/commune/48095/portrait/").status_code == 200
