"""Every chart of the demo (alliances, observatory, autodiagnostic, portrait) is markup a browser can draw."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliances.assessment.models import Assessment
from alliances.core.demo import demo_load
from alliances.observatory.services import observatory_refresh
from alliances.partnerships.models import Alliance, Measurement
from tests.core.test_charts import svg_numbers
from tests.indicators.test_portrait import filosofi_occitanie  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(filosofi_occitanie):  # noqa: F811
    demo_load()
    observatory_refresh()


def _pages() -> dict[str, list[str]]:
    with_measurements = Measurement.objects.values_list("indicator__alliance_id", flat=True).distinct()
    return {
        "alliances": [reverse("partnerships:detail", args=[pk]) for pk in sorted(set(with_measurements))],
        "observatoire": [
            reverse("observatory:home"),
            reverse("observatory:home") + "?carte=alliances&mesure=habitant",
        ],
        "autodiagnostic": [
            reverse("assessment:results", args=[pk])
            for pk in Assessment.objects.filter(is_public=True).values_list("pk", flat=True)
        ],
        "portrait": ["/territoires/commune/48095/", "/territoires/commune/48095/portrait/"],
    }


@pytest.mark.usefixtures("demo")
def test_every_demo_chart_has_numbers_a_browser_reads(client, settings):
    settings.LANGUAGE_CODE = "fr"
    pages = _pages()
    assert all(pages.values()), pages
    assert Alliance.objects.filter(is_demo=True).exists()
    for section, urls in pages.items():
        drawn = 0
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            parsed = svg_numbers(response.content.decode())
            assert not parsed.errors, f"{url}: {parsed.errors[:5]}"
            drawn += parsed.svgs
        assert drawn, f"aucun graphique dans {section}"
