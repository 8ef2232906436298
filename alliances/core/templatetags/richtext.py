"""`{{ text|markdown }}`: Markdown written by people, rendered to sanitised HTML (alliances.core.richtext)."""

from django import template
from django.utils.safestring import SafeString

from alliances.core import richtext

register = template.Library()


@register.filter
def markdown(text: str | None) -> SafeString:
    """Render Markdown as sanitised HTML."""
    return richtext.render(text)
