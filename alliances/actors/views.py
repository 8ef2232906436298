"""Pages of the directory: list with search and filters, organisation page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from alliances.actors import selectors
from alliances.actors.forms import DirectoryFilterForm
from alliances.actors.models import Organisation

PAGE_SIZE = 25


def _get_organisation(pk: int) -> Organisation:
    try:
        return selectors.organisation_get(pk)
    except Organisation.DoesNotExist as error:
        raise Http404("Organisation introuvable") from error


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    filters = form.to_filters()
    page = Paginator(selectors.organisations_search(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "filters": filters, "page": page, "querystring": query.urlencode()}
    template = "actors/partials/results.html" if request.htmx else "actors/list.html"
    return render(request, template, context)


@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _get_organisation(pk)
    return render(request, "actors/detail.html", {"organisation": organisation})
