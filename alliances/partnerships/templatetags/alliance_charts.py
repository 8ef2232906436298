"""`{% indicator_chart indicator %}`: the line of an indicator's measurements and its data table."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from alliances.core.charts import LinePoint, ReferenceLine, line_chart
from alliances.core.numbers import format_french

register = template.Library()


def indicator_svg(indicator, measurements) -> SafeString | None:
    """The measurements in date order against the baseline and target; None when there is nothing to draw."""
    measurements = sorted(measurements, key=lambda m: (m.date, m.pk))
    if not measurements:
        return None
    first = measurements[0].date
    points = [LinePoint((m.date - first).days, float(m.value), f"{m.date:%d/%m/%Y}") for m in measurements]
    references = [
        ReferenceLine(float(value), kind)
        for value, kind in ((indicator.baseline, "baseline"), (indicator.target, "target"))
        if value is not None
    ]
    unit = f" {indicator.unit}" if indicator.unit else ""
    first_value, last_value = measurements[0].value, measurements[-1].value
    description = (
        f"{indicator.name} : {len(points)} mesure{'s' if len(points) > 1 else ''}, de {format_french(first_value)}{unit} "
        f"le {points[0].label} à {format_french(last_value)}{unit} le {points[-1].label}"
        + (f" ; cible {format_french(indicator.target)}{unit}" if indicator.target is not None else "")
        + "."
    )
    return line_chart(
        chart_id=f"indicateur-{indicator.pk}",
        title=f"Évolution de l'indicateur « {indicator.name} »",
        description=description,
        points=points,
        references=references,
        tick_format=format_french,
    )


@register.inclusion_tag("partnerships/partials/indicator_chart.html")
def indicator_chart(indicator):
    measurements = list(indicator.measurements.all())
    return {"indicator": indicator, "svg": indicator_svg(indicator, measurements), "measurements": measurements}
