"""Documents made from an alliance: its partnership agreement (ODT, PDF), the valued contributions (CSV)
and the practice it publishes."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from alliances.accounts.http import AuthenticatedHttpRequest
from alliances.core.csv_export import csv_writer
from alliances.partnerships import convention, integrations, perms, selectors, services
from alliances.partnerships.exports import contribution_rows
from alliances.partnerships.views.common import guard, login_redirects, site_url

# --- documents ----------------------------------------------------------------------------


@login_redirects
@require_http_methods(["GET"])
def convention_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    alliance = guard(request, pk, perms.can_view_internals)
    data = convention.convention_data(alliance, by=request.user)
    filename = f"convention-alliance-{alliance.pk}"
    if fmt == "odt":
        response = HttpResponse(convention.render_odt(data), content_type="application/vnd.oasis.opendocument.text")
        response["Content-Disposition"] = f'attachment; filename="{filename}.odt"'
    elif fmt == "pdf":
        response = HttpResponse(convention.render_pdf(data, base_url=site_url(request)), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    else:
        raise Http404
    return response


@login_redirects
@require_http_methods(["GET"])
def contributions_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The valued contributions per partner and for the alliance: `;`, UTF-8 with BOM, French decimals."""
    alliance = guard(request, pk, perms.can_view_internals)
    totals = selectors.contribution_totals_for_export(alliance=alliance, by=request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="valorisation-alliance-{alliance.pk}.csv"'
    response.write("\ufeff")  # BOM: spreadsheet software then reads UTF-8 accents correctly
    writer = csv_writer(response, delimiter=";")
    for row in contribution_rows(totals):
        writer.writerow(row)
    return response


# --- essaimer -------------------------------------------------------------------------------


@login_redirects
@require_POST
def publish_practice(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Pre-fill a practice draft from the alliance; its author completes it, moderators publish it."""
    alliance = guard(request, pk, perms.can_manage)
    if not integrations.practices_available():
        raise Http404
    if alliance.practice_id:
        messages.info(request, "Un brouillon de pratique existe déjà pour cette alliance.")
        return redirect(reverse("practices:detail", kwargs={"pk": alliance.practice_id}))
    practice = integrations.practice_draft_from_alliance(alliance=alliance, by=request.user)
    services.history_record(
        alliance=alliance, by=request.user, action="a préparé un brouillon de pratique", target=practice.title
    )
    messages.success(request, "Le brouillon de pratique est prêt : complétez-le puis soumettez-le aux modérateurs.")
    return redirect(practice.get_absolute_url())
