"""Numbers as French people type them ("10,5", "1 234,5", "10.5"), read without guessing.

Rules (docs/nombres.md): the decimal separator is a comma or a point, never both; spaces
(ordinary, non-breaking or narrow) only separate groups of three digits before it. Anything
else ("10,5,3", "1.234,5", "1,234.5", "12 34") is refused with a French message rather than
read as another number.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

SPACES = " \u00a0\u202f\u2009"
_MINUS = "-\u2212"  # hyphen-minus and the typographic minus sign
_INTEGER = re.compile(r"\d{1,3}(?: \d{3})+|\d+")


class NumberError(ValueError):
    """A typed number that cannot be read unambiguously; the message is for the person who typed it."""


def parse_number(text: str) -> Decimal:
    """Return the Decimal written in `text` the French way (or with a point); raise NumberError otherwise."""
    raw = (text or "").strip()
    if not raw:
        raise NumberError("Saisissez un nombre.")
    value = raw.translate({ord(c): " " for c in SPACES})
    sign = ""
    if value[0] in _MINUS + "+":
        sign = "-" if value[0] in _MINUS else ""
        value = value[1:].lstrip()
    separators = [c for c in value if c in ",."]
    if len(set(separators)) > 1:
        raise NumberError(
            f"« {raw} » est ambigu : utilisez la virgule pour les décimales et une espace pour les milliers "
            "(par exemple 1 234,5)."
        )
    if len(separators) > 1:
        raise NumberError(f"« {raw} » contient plusieurs séparateurs décimaux : écrivez par exemple 10,5.")
    integer, _, decimals = value.replace(".", ",").partition(",")
    if separators and not integer:
        integer = "0"  # ",5" is 0,5
    if not _INTEGER.fullmatch(integer) or (separators and not decimals.isdigit()) or not decimals.isascii():
        raise NumberError(f"« {raw} » n'est pas un nombre : écrivez par exemple 10,5 ou 1 234.")
    try:
        return Decimal(f"{sign}{integer.replace(' ', '')}.{decimals or '0'}")
    except InvalidOperation as error:  # pragma: no cover - the pattern above only lets digits through
        raise NumberError(f"« {raw} » n'est pas un nombre.") from error


def format_number_input(value: Decimal | float | int) -> str:
    """Write a stored number back in a form field the French way, without a thousands separator ("1234,5")."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def format_french(value: Decimal | float | int, max_decimals: int = 2) -> str:
    """A number for people: French separators, at most `max_decimals` decimals, no trailing zeros ("1 234,5")."""
    text = f"{value:,.{max_decimals}f}"
    if max_decimals:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")


CENT = Decimal("0.01")


def round_cents(value: Decimal) -> Decimal:
    """An amount rounded to the cent, half away from zero as money is rounded (2,675 → 2,68)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def format_euros(value: Decimal | int) -> str:
    """An amount of money for people: « 1 234,50 € » (narrow no-break space between thousands, no-break space before €)."""
    text = f"{round_cents(Decimal(value)):,.2f}"
    return text.replace(",", "\u202f").replace(".", ",") + "\u00a0€"


def format_rate(value: float | Decimal) -> str:
    """A ratio for people with two significant digits at least ("0,012", "1,5", "45,2", "1 234"), never "0,0"."""
    number = float(value)
    if number == 0:
        return "0"
    size = abs(number)
    decimals = 0 if size >= 100 else 1 if size >= 1 else 1 - math.floor(math.log10(size))
    return format_french(round(number, decimals), decimals)


def svg_number(value: float | Decimal | int) -> str:
    """A coordinate for markup (SVG, CSS): a point as decimal separator, at most two decimals, never localised."""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
