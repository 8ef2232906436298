"""Numbers typed the French way: what is read, what is refused and why."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliances.core.numbers import NumberError, format_number_input, parse_number, svg_number


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10,5", "10.5"),
        ("10.5", "10.5"),
        ("1 234,5", "1234.5"),
        ("1\u00a0234,5", "1234.5"),  # non-breaking space
        ("1\u202f234,5", "1234.5"),  # narrow non-breaking space (what we print)
        ("12 345 678", "12345678"),
        ("1234", "1234"),
        ("1.234", "1.234"),  # a point is always a decimal separator
        ("1,234", "1.234"),
        (" -3,25 ", "-3.25"),
        ("\u22123,25", "-3.25"),  # typographic minus
        ("+7", "7"),
        (",5", "0.5"),
        ("0", "0"),
    ],
)
def test_french_numbers_are_read(typed, expected):
    assert parse_number(typed) == Decimal(expected)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("10,5,3", "plusieurs séparateurs décimaux"),
        ("1.234,5", "ambigu"),
        ("1,234.5", "ambigu"),
        ("12 34", "n'est pas un nombre"),
        ("10,", "n'est pas un nombre"),
        ("dix", "n'est pas un nombre"),
        ("10 %", "n'est pas un nombre"),
        ("1e5", "n'est pas un nombre"),
        ("", "Saisissez un nombre"),
    ],
)
def test_ambiguous_or_invalid_numbers_are_refused_in_french(typed, message):
    with pytest.raises(NumberError, match=message):
        parse_number(typed)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_a_number_written_back_in_a_form_reads_as_itself(value):
    assert parse_number(format_number_input(value)) == value


@pytest.mark.parametrize(("value", "text"), [(145.6, "145.6"), (Decimal("12.345"), "12.35"), (3, "3"), (-0.001, "0")])
def test_markup_numbers_are_never_localised(value, text, settings):
    settings.LANGUAGE_CODE = "fr"
    assert svg_number(value) == text
