"""`{% indicator_chart indicator %}`: an SVG line chart and its data table."""

from django import template

from alliances.partnerships.charts import indicator_chart as build

register = template.Library()


@register.inclusion_tag("partnerships/partials/indicator_chart.html")
def indicator_chart(indicator):
    measurements = list(indicator.measurements.all())
    return {"indicator": indicator, "chart": build(indicator, measurements), "measurements": measurements}
