"""Numbers typed in the alliance workspaces (indicators, measurements, commitments) read the French way."""

from decimal import Decimal

import pytest
from django.urls import reverse

from alliances.partnerships.models import Commitment, Indicator, Measurement

pytestmark = pytest.mark.django_db


def _create_url(alliance, kind):
    return reverse("partnerships:item_create", args=[alliance.pk, kind])


def _indicator(alliance):
    return Indicator.objects.create(alliance=alliance, name="Jeunes en emploi", dimension="organisations")


@pytest.mark.parametrize(("typed", "stored"), [("10,5", "10.5"), ("1 234,5", "1234.5"), ("1\u202f234,5", "1234.5")])
def test_a_measurement_typed_with_a_comma_is_stored_as_typed(client, alliance, pilot, typed, stored):
    indicator = _indicator(alliance)
    client.force_login(pilot)
    response = client.post(
        reverse("partnerships:measurement_add", args=[alliance.pk, indicator.pk]),
        {"date": "2026-03-01", "value": typed, "source": "Mission locale"},
    )
    assert response.status_code == 302
    assert Measurement.objects.get().value == Decimal(stored)


def test_an_ambiguous_measurement_is_refused_and_nothing_is_stored(client, alliance, pilot):
    indicator = _indicator(alliance)
    client.force_login(pilot)
    response = client.post(
        reverse("partnerships:measurement_add", args=[alliance.pk, indicator.pk]),
        {"date": "2026-03-01", "value": "10,5,3", "source": "Mission locale"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "« 10,5,3 » contient plusieurs séparateurs décimaux" in html
    assert 'value="10,5,3"' in html  # what was typed is given back to correct
    assert not Measurement.objects.exists()


def test_indicator_baseline_and_target_read_french_numbers(client, alliance, pilot):
    client.force_login(pilot)
    data = {"name": "Taux de retour à l'emploi", "dimension": "organisations", "unit": "%"}
    response = client.post(_create_url(alliance, "indicateur"), {**data, "baseline": "12,5", "target": "1.234,5"})
    assert response.status_code == 200
    assert "« 1.234,5 » est ambigu" in response.content.decode()
    assert not Indicator.objects.exists()
    response = client.post(_create_url(alliance, "indicateur"), {**data, "baseline": "12,5", "target": "1 000"})
    assert response.status_code == 302
    indicator = Indicator.objects.get()
    assert (indicator.baseline, indicator.target) == (Decimal("12.5"), Decimal("1000"))
    # Edited again, the form shows the value the French way and reads it back unchanged.
    edit = client.get(reverse("partnerships:item_edit", args=[alliance.pk, "indicateur", indicator.pk]))
    assert 'value="12,5"' in edit.content.decode()


def test_commitment_amount_reads_french_numbers(client, alliance, pilot):
    client.force_login(pilot)
    data = {"organisation_name": "Mairie de Mende", "kind": "financier", "description": "Subvention"}
    response = client.post(_create_url(alliance, "engagement"), {**data, "amount_eur": "2 500,50 €"})
    assert response.status_code == 200
    assert "« 2 500,50 € » n&#x27;est pas un nombre" in response.content.decode()
    assert not Commitment.objects.exists()
    response = client.post(_create_url(alliance, "engagement"), {**data, "amount_eur": "2\u00a0500,50"})
    assert response.status_code == 302
    assert Commitment.objects.get().amount_eur == Decimal("2500.50")


def test_number_fields_are_text_boxes_with_a_decimal_keypad(client, alliance, pilot):
    """`type="number"` lets the browser reinterpret "10,5" (as 105 in an English Chromium)."""
    indicator = _indicator(alliance)
    client.force_login(pilot)
    html = client.get(reverse("partnerships:step", args=[alliance.pk, "evaluer"])).content.decode()
    assert 'name="value"' in html and 'type="number"' not in html
    assert 'inputmode="decimal"' in html and indicator.name in html
