"""`{{ text|rich }}`: a practice's Markdown rendered to sanitised HTML."""

from django import template

from alliances.practices import richtext

register = template.Library()


@register.filter
def rich(text: str):
    return richtext.render(text)
