"""The printable portrait and its PDF (the section on the territory page comes from hooks.py)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.apps import apps
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from alliances.indicators.hooks import kits_for
from alliances.indicators.portrait import build_portrait
from alliances.territories.models import Territory
from alliances.territories.refs import InvalidTerritoryRef, TerritoryRef, validate_code
from alliances.territories.selectors import territory_get

_CSS = Path(__file__).with_name("static") / "indicators" / "portrait.css"
_PRINT_CSS = """
@page { size: A4; margin: 15mm 14mm 18mm; @bottom-right { content: "page " counter(page) " / " counter(pages); font-size: 9pt; } }
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1F2933; font-size: 10.5pt; line-height: 1.4; max-width: 60rem; margin: 1rem auto; padding: 0 1rem; }
h1 { font-size: 20pt; margin: 0 0 .3rem; } h2 { font-size: 14pt; margin-top: 1.2rem; } h3 { font-size: 12pt; margin-top: 1rem; break-after: avoid; }
a { color: #19486A; } .source { color: #3E4C59; font-size: .85em; } .lead { font-size: 1.05em; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.sdg-badge { display: inline-block; padding: 0 .3em; border-radius: 3px; font-size: .8em; font-weight: bold; }
figure, tr { break-inside: avoid; } details > summary { font-weight: bold; }
@media print { .no-print { display: none; } }
.obs-compass table { border-collapse: collapse; width: 100%; font-size: 9pt; }
.obs-compass th, .obs-compass td { border-bottom: 1px solid #CBD2D9; padding: .2rem .35rem; text-align: left; vertical-align: top; }
.obs-compass td.number { text-align: right; } .obs-compass ul { margin: 0; padding-left: 1rem; }
.badge-demo { border: 1px solid #B34000; color: #8A3100; padding: 0 .3em; border-radius: 3px; font-size: .8em; }
"""


# After the screen style sheet, so that it wins over it.
_PRINT_LAYOUT = """
/* Printed (and PDF): 2 to 4 A4 pages. The charts of the key figures go two by two without their
   data table, which repeats the key figures table printed just above them. */
@page { margin: 12mm 12mm 15mm; }
@media print {
  body { font-size: 9pt; line-height: 1.3; }
  .lead { font-size: 1em; }
  .portrait-table { font-size: 7.5pt; line-height: 1.2; }
  .portrait-table caption { font-size: 8.5pt; }
  .portrait-table th, .portrait-table td { padding: .12rem .25rem; }
  .portrait-table .source, .portrait-table .gap { font-size: 7pt; }
  .columns-2 { display: block; } .findings li { margin-bottom: .2rem; }
  .chart-figure { display: inline-block; width: 48%; margin: .2rem .5% .4rem 0; vertical-align: top; }
  .chart-figure figcaption { font-size: 7.5pt; }
  .chart-key details { display: none; }
  .chart-sectors { width: 100%; } .chart-sectors svg { width: 60%; }
  .map-figure svg { width: 6cm; height: 6cm; }
  .obs-compass table { font-size: 7.5pt; } .obs-compass th, .obs-compass td { padding: .08rem .25rem; }
  h2 { font-size: 13pt; margin: .8rem 0 .3rem; } h3 { font-size: 11pt; margin: .6rem 0 .2rem; }
}
"""


@cache
def _css() -> str:
    return _PRINT_CSS + _CSS.read_text(encoding="utf-8") + _PRINT_LAYOUT


def _territory(kind: str, code: str) -> Territory:
    try:
        return territory_get(TerritoryRef(kind=kind, code=validate_code(kind, code)))
    except (InvalidTerritoryRef, Territory.DoesNotExist) as error:
        raise Http404("Territoire introuvable") from error


def _print_context(territory: Territory, *, pdf: bool) -> dict:
    """What the printable page and the PDF show: the portrait, the kits that answer its
    fragilities and, when the observatory is installed, the territory's SDG compass — the same
    figures as the territory page."""
    portrait = build_portrait(territory)
    context = {"portrait": portrait, "css": _css(), "pdf": pdf, "kits": kits_for(portrait), "compass": None}
    if apps.is_installed("alliances.observatory"):
        from alliances.observatory.compass import territory_compass

        compass = territory_compass(territory, fragilities=[*portrait.fragilities, *portrait.assets])
        context["compass"] = {"compass": compass, "territory": territory, "dashboard_url": ""}
    return context


@require_GET
def portrait(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    """The portrait alone on a page, laid out for printing."""
    territory = _territory(kind, code)
    return render(request, "indicators/portrait_print.html", _print_context(territory, pdf=False))


def _no_fetch(url: str, *args, **kwargs):
    # Everything the PDF needs is inline: never let WeasyPrint reach the network.
    raise ValueError(f"ressource externe refusée : {url}")


@require_GET
def portrait_pdf(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    """The same portrait as a PDF (WeasyPrint), 2 to 4 A4 pages."""
    from weasyprint import HTML

    territory = _territory(kind, code)
    html = render_to_string("indicators/portrait_print.html", _print_context(territory, pdf=True), request=request)
    pdf = HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="portrait-{territory.kind}-{territory.code}.pdf"'
    return response
