"""Template helpers of the resource centre: file sizes in French."""

from django import template

register = template.Library()


@register.filter
def file_size(size):
    """Human size in French units: « 1,2 Mo »."""
    if size is None:
        return ""
    for unit, factor in (("Go", 1024**3), ("Mo", 1024**2), ("ko", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}".replace(".", ",")
    return f"{size} octets"
