"""`{% sdg_badges numbers %}`: short SDG badges."""

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from alliances.sdg.templatetags.sdg import sdg_badge

register = template.Library()


@lru_cache(maxsize=64)
def _short_badge(number: int) -> str:
    # The sdg app's own badge, rendered once per goal: a list of 20 cards shows ~40 badges, and an
    # inclusion tag per badge was a third of the time of rendering the results.
    return render_to_string("sdg/badge.html", sdg_badge(number, short=True)).strip()


@register.simple_tag
def sdg_badges(numbers) -> str:
    """The short badges of SDG numbers, separated by spaces (same markup as `{% sdg_badge n short=True %}`)."""
    return mark_safe(" ".join(_short_badge(int(n)) for n in numbers))
