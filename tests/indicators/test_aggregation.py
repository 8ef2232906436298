"""Aggregation of commune values to EPCI, département, région and France."""

import pytest

from alliances.indicators import services
from alliances.indicators.importers.comparateur import parse_comparateur
from alliances.indicators.importers.filosofi import parse_filosofi
from alliances.indicators.models import IndicatorValue
from alliances.territories.models import Territory

pytestmark = pytest.mark.django_db

FILOSOFI = "CODGEO;NBMENFISC21;NBPERSMENFISC21;MED21;PIMP21;TP6021;D121;D921;RD21\n"
COMPARATEUR = "CODGEO;P22_POP;SUPERF;P22_ACT1564;P22_CHOM1564\n"


def _epci_members():
    mende = Territory.objects.get(kind="commune", code="48095", commune_type="commune-actuelle")
    return mende, list(Territory.objects.current_communes().filter(epci_id=mende.epci_id).order_by("code"))


def _value(territory_id, code):
    return IndicatorValue.objects.get(territory_id=territory_id, indicator__code=code)


def test_ratio_is_recomputed_from_numerator_and_denominator():
    mende, members = _epci_members()
    lines = [f"{c.code};{c.population};10;{100 * (i + 1)};{10 * (i + 1) if i else 50}\n" for i, c in enumerate(members)]
    services.indicators_import(source="comparateur", rows=parse_comparateur([COMPARATEUR, *lines]))
    actifs = sum(100 * (i + 1) for i in range(len(members)))
    chomeurs = 50 + sum(10 * (i + 1) for i in range(1, len(members)))
    rate = _value(mende.epci_id, "taux_chomage")
    assert rate.is_computed and rate.value == pytest.approx(100 * chomeurs / actifs)
    assert _value(mende.epci_id, "chomeurs_15_64").value == chomeurs


def test_communes_of_an_earlier_file_still_count():
    mende, members = _epci_members()
    others = [c for c in members if c.pk != mende.pk]
    first = [f"{c.code};100;200;20000;50,0;10,0;1;2;3\n" for c in others]
    services.indicators_import(source="filosofi", rows=parse_filosofi([FILOSOFI, *first]))
    # A second file with Mende only: the EPCI rate is computed over every commune.
    services.indicators_import(
        source="filosofi", rows=parse_filosofi([FILOSOFI, "48095;5000;10000;22000;50,0;20,0;1;2;3\n"])
    )
    expected = (20.0 * 10000 + 10.0 * 200 * len(others)) / (10000 + 200 * len(others))
    epci_rate = _value(mende.epci_id, "taux_pauvrete")
    assert epci_rate.value == pytest.approx(expected)
    assert epci_rate.coverage == 1.0
    # The same figures as a full recomputation from the stored commune values.
    stored = {(v.territory_id, v.indicator_id): v.value for v in IndicatorValue.objects.filter(is_computed=True)}
    services.indicators_aggregate()
    assert {
        (v.territory_id, v.indicator_id): v.value for v in IndicatorValue.objects.filter(is_computed=True)
    } == pytest.approx(stored)


def test_a_repeated_commune_line_is_reported_and_the_first_kept():
    summary = services.indicators_import(
        source="filosofi",
        rows=parse_filosofi([FILOSOFI, "48095;5000;10000;22000;50,0;20,0;1;2;3\n", "48095;1;1;1;1;1;1;1;1\n"]),
    )
    assert [str(e) for e in summary.errors] == ["ligne 3 : code 48095 déjà lu plus haut, ligne ignorée"]
    mende, _ = _epci_members()
    assert _value(mende.pk, "taux_pauvrete").value == 20.0


def test_partial_coverage_gives_not_available_not_a_partial_sum():
    mende, _ = _epci_members()
    services.indicators_import(source="comparateur", rows=parse_comparateur([COMPARATEUR, "48095;12000;36;5000;600\n"]))
    lozere = _value(mende.departement_id, "population")
    assert (lozere.value, lozere.status, lozere.is_computed) == (None, "nd", True)
