"""French in templates: `{{ territory|of_name }}` → « de Mende », « du Gard », « de la Lozère », « d'Occitanie »."""

from __future__ import annotations

from typing import Any

from django import template

from alliances.core.french import long_date as long_date_text
from alliances.core.french import of_territory, with_article
from alliances.core.french import real_place as real_place_sentence

register = template.Library()


@register.filter
def of_name(place: Any) -> str:
    """« de » + the name of a territory (or anything with `kind`, `code` and `name`), elided and contracted."""
    if place is None:
        return ""
    if hasattr(place, "of_name"):
        return place.of_name
    return of_territory(getattr(place, "kind", ""), getattr(place, "code", ""), str(getattr(place, "name", place)))


@register.filter
def article_name(place: Any) -> str:
    """The name as a subject, with its article: « le Gard », « la Lozère », « Mende »."""
    if place is None:
        return ""
    return with_article(getattr(place, "kind", ""), getattr(place, "code", ""), str(getattr(place, "name", place)))


@register.filter
def real_place(place: Any) -> str:
    """« Mende est une commune réelle », « le Gard est un département réel »: a demo notice's proviso."""
    if place is None:
        return ""
    if isinstance(place, str):
        return f"{place} est un lieu réel"
    return real_place_sentence(getattr(place, "kind", ""), getattr(place, "code", ""), str(place.name))


@register.filter
def long_date(day: Any) -> str:
    """« 1er janvier 2026 », « 17 décembre 2025 »."""
    return long_date_text(day) if day else ""
