"""Pages of the observatory: dashboards, maps, open data (thin: selectors do the reading)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from alliances.core.csv_export import csv_writer
from alliances.observatory import selectors
from alliances.observatory.counters import COUNTERS, COUNTERS_BY_METRIC
from alliances.observatory.enums import DASHBOARD_LEVELS, ExportFormat, ExportKind, Level
from alliances.observatory.exports import LICENCE, LICENCE_URL, SCHEMAS
from alliances.observatory.maps import choropleth
from alliances.observatory.models import ExportFile, TerritoryCount
from alliances.territories.models import Territory
from alliances.territories.refs import InvalidTerritoryRef, TerritoryRef, validate_code
from alliances.territories.selectors import territory_get


def _scope(kind: str, code: str) -> selectors.Scope:
    if kind == Level.NATIONAL:
        return selectors.Scope(Level.NATIONAL)
    if kind not in DASHBOARD_LEVELS:
        raise Http404("Niveau inconnu")
    try:
        territory = territory_get(TerritoryRef(kind=kind, code=validate_code(kind, code)))
    except (InvalidTerritoryRef, Territory.DoesNotExist) as error:
        raise Http404("Territoire introuvable") from error
    return selectors.Scope(kind, territory)


def _map_options(request: HttpRequest) -> tuple[str, bool]:
    metric = request.GET.get("carte", "alliances")
    if metric not in COUNTERS_BY_METRIC:
        metric = "alliances"
    per_inhabitant = request.GET.get("mesure") == "habitant"
    return metric, per_inhabitant


def _render_dashboard(request: HttpRequest, scope: selectors.Scope) -> HttpResponse:
    board = selectors.dashboard(scope)
    metric, per_inhabitant = _map_options(request)
    counter = COUNTERS_BY_METRIC[metric]
    unit = " pour 100 000 habitants" if per_inhabitant else ""
    current = {scope.territory.pk} if scope.territory else set()
    if scope.territory and scope.level in (Level.EPCI,) and scope.territory.departement_id:
        current = {scope.territory.departement_id}
    levels = [Level.REGION, Level.DEPARTEMENT] if scope.level in (Level.NATIONAL, Level.REGION) else [Level.DEPARTEMENT]
    run = selectors.last_refresh()
    maps = []
    for level in levels:
        # A rendered map only changes with a new refresh: its key names the refresh run.
        version = f"{run.pk}-{run.finished_at.timestamp()}" if run and run.finished_at else "0"
        key = f"observatoire:carte:{version}:{level}:{metric}:{per_inhabitant}:{sorted(current)}"
        html = cache.get(key)
        if html is None:
            title = f"{counter.label}{unit} par {'région' if level == Level.REGION else 'département'}"
            html = render_to_string(
                "observatory/partials/map.html",
                {
                    "map": choropleth(
                        level=level,
                        metric=metric,
                        per_inhabitant=per_inhabitant,
                        title=title,
                        current_ids=current,
                        source=counter.source,
                    )
                },
            )
            cache.set(key, html, 3600)
        maps.append(mark_safe(html))  # rendered by our own template, escaped there
    context = {
        "board": board,
        "scope": scope,
        "maps": maps,
        "map_metric": metric,
        "per_inhabitant": per_inhabitant,
        "counters": COUNTERS,
        "key_figures": selectors.key_figures() if scope.level == Level.NATIONAL else [],
        "csv_url": request.path + "chiffres.csv",
    }
    return render(request, "observatory/dashboard.html", context)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return _render_dashboard(request, selectors.Scope(Level.NATIONAL))


@require_GET
def dashboard(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    return _render_dashboard(request, _scope(kind, code))


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
def counts_csv(request: HttpRequest, kind: str, code: str) -> StreamingHttpResponse:
    """The published cells of one dashboard as CSV (secrecy applied, as on the page)."""
    scope = _scope(kind, code)
    from alliances.observatory.exports import COUNT_COLUMNS

    cells = (
        TerritoryCount.objects.for_scope(scope.level, scope.territory_id)
        .select_related("territory")
        .order_by("metric", "dimension", "value")
    )
    writer = csv_writer(_Echo())

    def rows():
        yield writer.writerow([c.name for c in COUNT_COLUMNS])
        for cell in cells.iterator(chunk_size=2000):
            yield writer.writerow([column.get(cell) for column in COUNT_COLUMNS])

    name = f"observatoire-{scope.level}{'-' + scope.territory.code if scope.territory else ''}.csv"
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    files = {(f.kind, f.format): f for f in ExportFile.objects.all()}
    datasets = [
        {
            "kind": kind,
            "label": kind.label,
            "columns": SCHEMAS[kind],
            "files": [files.get((kind.value, fmt.value)) for fmt in ExportFormat],
        }
        for kind in ExportKind
    ]
    return render(
        request,
        "observatory/open_data.html",
        {
            "datasets": datasets,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
        },
    )


@require_GET
def download(request: HttpRequest, kind: str, fmt: str) -> FileResponse:
    """Stream a generated file (never generated here: the background task writes it)."""
    try:
        record = ExportFile.objects.get(kind=kind, format=fmt)
    except ExportFile.DoesNotExist as error:
        raise Http404("Ce fichier n'a pas encore été généré.") from error
    path = Path(settings.MEDIA_ROOT) / record.path
    if not path.is_file():
        raise Http404("Ce fichier n'a pas encore été généré.")
    content_type = "text/csv; charset=utf-8" if fmt == ExportFormat.CSV else "application/json"
    stamp = record.generated_at.strftime("%Y%m%d")
    response = FileResponse(
        path.open("rb"), content_type=content_type, as_attachment=True, filename=f"observatoire-{kind}-{stamp}.{fmt}"
    )
    response["Last-Modified"] = http_date(record.generated_at.timestamp())
    response["X-Genere-Le"] = record.generated_at.isoformat()
    return response
