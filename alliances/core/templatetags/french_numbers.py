"""Numbers in templates: `{{ value|rate }}` for ratios, `{{ value|euros }}` for money, `{{ value|svg }}` for markup."""

from __future__ import annotations

from decimal import Decimal

from django import template

from alliances.core.numbers import format_euros, format_rate, svg_number

register = template.Library()


@register.filter
def rate(value: float | Decimal | None) -> str:
    """A ratio with two significant digits at least ("0,012" pour 100 000 habitants, never "0,0")."""
    return "—" if value is None else format_rate(value)


@register.filter
def euros(value: Decimal | int | None) -> str:
    """An amount for people: « 1 234,50 € », or « — » when there is none."""
    return "—" if value is None or value == "" else format_euros(value)


@register.filter
def svg(value: float | Decimal | int) -> str:
    """A number for SVG, CSS or a data attribute: never localised ("145.6", not "145,6")."""
    return svg_number(value)
