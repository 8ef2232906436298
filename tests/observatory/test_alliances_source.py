"""With the real alliances: 3 alliances of a territory (public or not) show "< 5" everywhere."""

import csv
import io

import pytest
from django.apps import apps

from alliances.observatory.exports import exports_generate
from alliances.observatory.services import observatory_refresh
from alliances.territories.models import Territory

pytestmark = pytest.mark.django_db


def _alliance_model():
    try:
        return apps.get_model("partnerships", "Alliance")
    except LookupError:
        pytest.skip("le module des alliances (partnerships) n'est pas encore là")


@pytest.fixture
def three_alliances_in_lozere():
    Alliance = _alliance_model()
    mende = Territory.objects.get(kind="commune", code="48095", commune_type="commune-actuelle")
    visibilities = [v for v, _ in Alliance._meta.get_field("visibility").choices]
    for index in range(3):
        Alliance.objects.create(
            title=f"Alliance fictive {index}",
            problem="Isolement des aînés",
            territory=mende,
            lead_organisation_name="Association fictive",
            visibility=visibilities[index % len(visibilities)],
        )
    observatory_refresh()


def test_three_alliances_show_less_than_five_in_page_csv_and_api(client, media, three_alliances_in_lozere):
    html = client.get("/observatoire/departement/48/").content.decode()
    assert 'data-testid="figure-alliances">&lt; 5<' in html

    content = b"".join(client.get("/observatoire/departement/48/chiffres.csv").streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert next(r for r in rows if r["indicateur"] == "alliances" and r["ventilation"] == "")["effectif"] == "< 5"
    assert not any(r["effectif"] in {"1", "2", "3", "4"} for r in rows if r["indicateur"] == "alliances")

    exports_generate()
    with (media / "observatoire" / "observatoire-chiffres.csv").open(encoding="utf-8") as handle:
        lozere = [r for r in csv.DictReader(handle) if r["code"] == "48" and r["indicateur"] == "alliances"]
    assert lozere and all(r["effectif"] in {"< 5", "secret", "0"} for r in lozere)

    data = client.get("/api/v1/observatoire/chiffres?territoire=departement:48&indicateur=alliances").json()
    assert data["items"] and all(i["effectif"] in (None, 0) for i in data["items"])
    assert all(i["secret"] in ("primaire", "secondaire") for i in data["items"] if i["effectif"] is None)


def test_only_public_alliances_are_exported_one_by_one(media, three_alliances_in_lozere):
    exports_generate()
    Alliance = _alliance_model()
    public = set(Alliance.objects.public().values_list("pk", flat=True))
    with (media / "observatoire" / "observatoire-alliances.csv").open(encoding="utf-8") as handle:
        exported = {int(r["id"]) for r in csv.DictReader(handle)}
    assert exported == public
