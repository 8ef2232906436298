"""`{{ commitment|value_basis }}`: how a commitment's value was reached (« 10,5 h × 45,00 €/h »)."""

from __future__ import annotations

from django import template

from alliances.partnerships import valuation

register = template.Library()


@register.filter
def value_basis(commitment) -> str:
    return valuation.basis(commitment)
