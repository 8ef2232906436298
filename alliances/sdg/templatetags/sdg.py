"""`{% sdg_badge 8 %}`: an SDG badge in its official colour (drawn in CSS, no copyrighted icon)."""

from django import template

from alliances.sdg.goals import GOALS_BY_NUMBER

register = template.Library()


@register.inclusion_tag("sdg/badge.html")
def sdg_badge(goal, *, short: bool = False):
    """Accept an Sdg instance or a number; `short=True` shows only "ODD 8" (title in a tooltip
    and for screen readers)."""
    number = getattr(goal, "number", goal)
    info = GOALS_BY_NUMBER[int(number)]
    return {"goal": info, "short": short}
