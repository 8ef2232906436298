"""Pages of the resource centre: resources and kits, events, registrations, exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST

from alliances.accounts.http import AuthenticatedHttpRequest
from alliances.resources import selectors, services
from alliances.resources.enums import PublicationStatus
from alliances.resources.forms import EventFilterForm, ResourceFilterForm
from alliances.resources.ical import calendar_for, published_events_feed
from alliances.resources.models import Event, KitTool, Resource
from alliances.resources.pdf import quiet_weasyprint

PAGE_SIZE = 20


def site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_GET
def resource_list(request: HttpRequest) -> HttpResponse:
    form = ResourceFilterForm(request.GET or None)
    results = selectors.resources_search(**form.filters()) if form.is_bound else selectors.resources_search()
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query_string": query_string.urlencode(),
        "upcoming": selectors.upcoming_events(3),
    }
    return render(request, "resources/list.html", context)


def render_resource(request: HttpRequest, resource: Resource, *, preview: bool = False) -> HttpResponse:
    context = {
        "resource": resource,
        "related_kits": selectors.related_kits(resource),
        "related_practices": selectors.related_practices(resource),
        "preview": preview,
    }
    return render(request, "resources/detail.html", context)


@require_GET
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        resource = selectors.resource_get(slug)
    except Resource.DoesNotExist as error:
        raise Http404("Ressource introuvable") from error
    return render_resource(request, resource)


@require_GET
def kit_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The kit as a printable PDF, rendered by WeasyPrint from a dedicated template."""
    from weasyprint import HTML

    quiet_weasyprint()  # heavy import, only when a PDF is asked for

    try:
        kit = selectors.resource_get(slug)
    except Resource.DoesNotExist as error:
        raise Http404("Kit introuvable") from error
    if not kit.is_kit:
        raise Http404("Seuls les kits existent en PDF")
    html = render_to_string(
        "resources/kit_pdf.html",
        {"kit": kit, "page_url": request.build_absolute_uri(kit.get_absolute_url())},
        request=request,
    )
    pdf = HTML(string=html, base_url=site_url(request)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{kit.slug}.pdf"'
    return response


def _file_response(field, filename_stem: str) -> FileResponse:
    if not field:
        raise Http404("Aucun fichier")
    try:
        handle = field.open("rb")
    except FileNotFoundError as error:
        raise Http404("Fichier introuvable") from error
    extension = field.name.rsplit(".", 1)[-1].lower()
    return FileResponse(handle, as_attachment=True, filename=f"{filename_stem}.{extension}")


@require_GET
def resource_download(request: HttpRequest, slug: str) -> FileResponse:
    resource = get_object_or_404(Resource.objects.published(), slug=slug)
    return _file_response(resource.document, resource.slug)


@require_GET
def tool_download(request: HttpRequest, pk: int) -> FileResponse:
    tool = get_object_or_404(
        KitTool.objects.select_related("kit_step__kit"), pk=pk, kit_step__kit__status=PublicationStatus.PUBLISHED
    )
    return _file_response(tool.file, f"{tool.kit_step.kit.slug}-{tool.pk}")


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    events = selectors.events_list(**form.filters()) if form.is_bound else selectors.events_list()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "resources/event_list.html",
        {
            "form": form,
            "page": page,
            "query_string": query_string.urlencode(),
            "past_events": selectors.past_events_with_replay(),
        },
    )


def render_event(request: HttpRequest, event: Event, *, preview: bool = False) -> HttpResponse:
    registration = selectors.registration_of(event, request.user)
    context = {
        "event": event,
        "preview": preview,
        "places": selectors.event_places(event),
        "registration": registration,
        "waiting_rank": selectors.waiting_rank(registration) if registration else None,
    }
    return render(request, "resources/event_detail.html", context)


def _published_event(slug: str) -> Event:
    try:
        return selectors.event_get(slug)
    except Event.DoesNotExist as error:
        raise Http404("Événement introuvable") from error


@require_GET
def event_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return render_event(request, _published_event(slug))


@require_POST
@login_required
def event_register(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = _published_event(slug)
    try:
        registration = services.event_register(event=event, user=request.user, site_url=site_url(request))
    except services.RegistrationError as error:
        messages.error(request, str(error))
    else:
        if registration.status == "confirmee":
            messages.success(request, "Votre inscription est confirmée. Un message de confirmation vous a été envoyé.")
        else:
            messages.success(
                request,
                "L'événement est complet : vous êtes sur la liste d'attente. "
                "Vous recevrez un message si une place se libère.",
            )
    return redirect(event)


@require_POST
@login_required
def registration_cancel(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = _published_event(slug)
    registration = selectors.registration_of(event, request.user)
    if registration is None:
        messages.error(request, "Vous n'êtes pas inscrit·e à cet événement.")
        return redirect(event)
    services.registration_cancel(registration=registration, by=request.user, site_url=site_url(request))
    messages.success(request, "Votre inscription est annulée.")
    return redirect(event)


@require_GET
@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    """The events the signed-in person is registered to (or waiting for)."""
    registrations = selectors.user_upcoming_registrations(request.user)
    return render(request, "resources/my_registrations.html", {"registrations": registrations})


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = _published_event(slug)
    return _ics_response(calendar_for([event], site_url=site_url(request)), f"{event.slug}.ics")


@require_GET
def events_feed(request: HttpRequest) -> HttpResponse:
    """iCal feed of all published events (past ones included, so calendars keep them)."""
    return _ics_response(published_events_feed(site_url=site_url(request)), "evenements.ics")
