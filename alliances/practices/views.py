"""Pages of practices: faceted search, detail, guided contribution, moderation, export."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliances.accounts.http import AuthenticatedHttpRequest
from alliances.core.csv_export import csv_writer
from alliances.core.http import HtmxHttpRequest
from alliances.core.ratelimit import RateLimited, client_ip, rate_limit
from alliances.practices import perms, selectors, services
from alliances.practices.enums import Status
from alliances.practices.exports import LICENCE, practice_export_row, practice_to_dict
from alliances.practices.forms import (
    LAST_STEP,
    STEPS,
    AttachmentForm,
    ContactForm,
    CorrectionForm,
    EssentialsForm,
    ModerationForm,
    PartnerFormSet,
)
from alliances.practices.models import (
    CorrectionProposal,
    Practice,
    PracticeAttachment,
    PracticePartner,
)
from alliances.practices.search import FACETS

PAGE_SIZE = 20


def _search_params(request: HttpRequest) -> tuple[str, dict[str, list[str]], str, int]:
    query = request.GET.get("q", "").strip()[:200]
    filters = selectors.clean_filters({name: request.GET.getlist(name) for name in FACETS})
    sort = request.GET.get("tri", "pertinence")
    try:
        page = max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        page = 1
    return query, filters, sort, page


def _url(query: str, filters: dict[str, list[str]], sort: str, page: int = 1) -> str:
    params: list[tuple[str, str]] = [("q", query)] if query else []
    params += [(name, v) for name, values in filters.items() for v in values]
    if sort == "date" and query:
        params.append(("tri", "date"))
    if page > 1:
        params.append(("page", str(page)))
    return "?" + urlencode(params) if params else "?"


@require_GET
def practice_list(request: HtmxHttpRequest) -> HttpResponse:
    """Search with facets; the query lives in the URL; htmx swaps the results, plain GET works the same."""
    query, filters, sort, page = _search_params(request)
    result = selectors.practices_search(
        query=query, filters=filters, sort=sort, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, by_need=True
    )
    pages = max(1, -(-result.count // PAGE_SIZE))
    # Links that remove one selected facet value ("active filters").
    active = [
        {
            "label": value.label,
            "facet": facet.label,
            "url": _url(
                query,
                {n: [v for v in vs if not (n == facet.name and v == value.value)] for n, vs in filters.items()},
                sort,
            ),
        }
        for facet in result.facets
        for value in facet.values
        if value.selected
    ]
    context = {
        "result": result,
        "query": query,
        "filters": filters,
        "sort": sort if sort in selectors.SORTS else "pertinence",
        "sorts": selectors.SORTS,
        "page": page,
        "pages": pages,
        "active_filters": active,
        "previous_url": _url(query, filters, sort, page - 1) if page > 1 else "",
        "next_url": _url(query, filters, sort, page + 1) if page < pages else "",
        "is_moderator": perms.is_moderator(request.user),
    }
    template = (
        "practices/partials/search_zone.html" if request.htmx and not request.htmx.boosted else "practices/list.html"
    )
    return render(request, template, context)


def _visible_practice(request: HttpRequest, pk: int) -> Practice:
    practice = get_object_or_404(
        Practice.objects.with_cards()
        .select_related("contributor")
        .prefetch_related(Prefetch("partners", PracticePartner.objects.select_related("organisation")), "attachments"),
        pk=pk,
    )
    return perms.require_view(request.user, practice)


@require_GET
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _visible_practice(request, pk)
    place = next(iter(practice.territories.all()), None)
    return render(
        request,
        "practices/detail.html",
        {
            "practice": practice,
            "place": place,
            "similar": selectors.similar_practices(practice) if practice.is_published else [],
            "can_edit": perms.can_edit(request.user, practice),
            "is_moderator": perms.is_moderator(request.user),
            "contact_form": ContactForm(),
            "correction_form": CorrectionForm(),
            "moderation_form": ModerationForm(),
            "missing": services.missing_for_submission(practice)
            if practice.status in (Status.DRAFT, Status.RETURNED)
            else [],
            "events": practice.events.select_related("actor")[:10] if perms.can_edit(request.user, practice) else [],
        },
    )


@require_GET
def practice_history(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _visible_practice(request, pk)
    revisions = practice.revisions.select_related("published_by")
    return render(request, "practices/history.html", {"practice": practice, "revisions": revisions})


CONTACTS_PER_HOUR = 5
CORRECTIONS_PER_DAY = 10


@require_POST
def practice_contact(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    practice = _visible_practice(request, pk)
    form = ContactForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            # Open to visitors and emailing the contributor: bounded per address so that it
            # cannot be used to flood a contributor's mailbox.
            rate_limit("pratique-contact", client_ip(request), limit=CONTACTS_PER_HOUR, period=3600, what="messages")
            services.practice_contact(
                practice=practice,
                sender_name=form.cleaned_data["name"],
                sender_email=form.cleaned_data["email"],
                message=form.cleaned_data["message"],
            )
        except RateLimited as error:
            form.add_error(None, str(error))
            status = 429
        except services.PracticeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Votre message a été transmis au contributeur de cette pratique.")
            return redirect(practice)
    return render(
        request,
        "practices/form_page.html",
        {
            "practice": practice,
            "form": form,
            "title": "Contacter le contributeur",
            "action": reverse("practices:contact", kwargs={"pk": pk}),
            "submit": "Envoyer",
        },
        status=status,
    )


@login_required
@require_POST
def practice_correction(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    practice = _visible_practice(request, pk)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            # Each proposal notifies the moderators: bounded like the other messages to others.
            rate_limit(
                "pratique-correction",
                request.user.pk,
                limit=CORRECTIONS_PER_DAY,
                period=86400,
                what="propositions de correction",
            )
            services.correction_propose(practice=practice, author=request.user, text=form.cleaned_data["text"])
        except (services.PracticeError, RateLimited) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Merci : votre proposition de correction a été transmise à la modération.")
        return redirect(practice)
    return render(
        request,
        "practices/form_page.html",
        {
            "practice": practice,
            "form": form,
            "title": "Proposer une correction",
            "action": reverse("practices:correction", kwargs={"pk": pk}),
            "submit": "Envoyer",
        },
        status=400,
    )


# --- guided contribution --------------------------------------------------------------------


def _step_context(practice: Practice | None, step: int, form, partners=None) -> dict:
    return {
        "practice": practice,
        "step": step,
        "steps": STEPS,
        "form": form,
        "partners": partners,
        "step_title": STEPS[step - 1][1],
        "last_step": LAST_STEP,
        "attachment_form": AttachmentForm() if step == LAST_STEP else None,
        "missing": services.missing_for_submission(practice) if practice and step == LAST_STEP else [],
    }


def _render_step(request: HtmxHttpRequest, context: dict, status: int = 200) -> HttpResponse:
    template = "practices/partials/step.html" if request.htmx else "practices/contribute.html"
    return render(request, template, context, status=status)


def _after_save(request: HtmxHttpRequest, practice: Practice, step: int) -> HttpResponse:
    direction = request.POST.get("aller", "suivante")
    target = {"precedente": max(1, step - 1), "rester": step}.get(direction, min(LAST_STEP, step + 1))
    url = reverse("practices:edit", kwargs={"pk": practice.pk, "step": target})
    if request.htmx:
        # Render the next step in place and put its URL in the address bar (back button works).
        response = _step_response(request, practice, target)
        response["HX-Push-Url"] = url
        return response
    messages.success(request, "Brouillon enregistré.")
    return HttpResponseRedirect(url)


def _step_response(request: HtmxHttpRequest, practice: Practice, step: int) -> HttpResponse:
    form_class = STEPS[step - 1][2]
    form = form_class(initial=form_class.initial_from(practice)) if form_class else None
    partners = None
    if step == 3:
        rows = [{"name": p.name, "role": p.role} for p in practice.partners.all()]
        partners = PartnerFormSet(initial=rows + [{}] * max(1, 4 - len(rows)), prefix="partenaires")
    return _render_step(request, _step_context(practice, step, form, partners))


@login_required
@require_http_methods(["GET", "POST"])
def practice_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 1 of a new practice: the draft exists as soon as this step is saved."""
    form = EssentialsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        practice = services.practice_create_draft(
            contributor=request.user, title=form.cleaned_data["title"], summary=form.cleaned_data["summary"]
        )
        services.practice_save_draft(practice=practice, by=request.user, step=1, **form.service_kwargs())
        return _after_save(request, practice, 1)
    return _render_step(request, _step_context(None, 1, form), status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request: AuthenticatedHttpRequest, pk: int, step: int) -> HttpResponse:
    practice = perms.require_edit(request.user, get_object_or_404(Practice, pk=pk))
    if not 1 <= step <= LAST_STEP:
        raise Http404
    form_class = STEPS[step - 1][2]
    if request.method == "GET" or form_class is None:
        return _step_response(request, practice, step)
    form = form_class(request.POST)
    partners = PartnerFormSet(request.POST, prefix="partenaires") if step == 3 else None
    if form.is_valid() and (partners is None or partners.is_valid()):
        kwargs = form.service_kwargs()
        if partners is not None:
            kwargs["partners"] = [row for row in partners.cleaned_data if row.get("name")]
        try:
            services.practice_save_draft(practice=practice, by=request.user, step=step, **kwargs)
        except services.PracticeError as error:
            form.add_error(None, str(error))
        else:
            return _after_save(request, practice, step)
    return _render_step(request, _step_context(practice, step, form, partners), status=400)


@login_required
@require_POST
def practice_attachment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    practice = perms.require_edit(request.user, get_object_or_404(Practice, pk=pk))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.practice_add_attachment(
                practice=practice, by=request.user, file=form.cleaned_data["file"], title=form.cleaned_data["title"]
            )
        except services.PracticeError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, "Pièce jointe ajoutée.")
            return redirect("practices:edit", pk=pk, step=LAST_STEP)
    context = _step_context(practice, LAST_STEP, None)
    context["attachment_form"] = form
    return render(request, "practices/contribute.html", context, status=400)


@login_required
@require_POST
def practice_attachment_remove(request: AuthenticatedHttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    attachment = get_object_or_404(PracticeAttachment, pk=attachment_pk, practice_id=pk)
    services.practice_remove_attachment(attachment=attachment, by=request.user)
    messages.success(request, "Pièce jointe retirée.")
    return redirect("practices:edit", pk=pk, step=LAST_STEP)


@require_GET
def attachment_download(request: AuthenticatedHttpRequest, attachment_pk: int) -> FileResponse:
    attachment = get_object_or_404(PracticeAttachment.objects.select_related("practice"), pk=attachment_pk)
    perms.require_view(request.user, attachment.practice)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:  # e.g. a database restored without its media folder
        raise Http404("Fichier introuvable") from error
    response = FileResponse(handle, content_type=attachment.content_type, as_attachment=not attachment.is_image)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def practice_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(Practice, pk=pk)
    try:
        services.practice_submit(practice=practice, by=request.user)
    except services.PracticeError as error:
        messages.error(request, str(error))
        return redirect("practices:edit", pk=pk, step=LAST_STEP)
    messages.success(request, "Merci ! Votre pratique est transmise à la modération ; vous serez prévenu par courriel.")
    return redirect("practices:mine")


@login_required
@require_GET
def my_practices(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "practices/mine.html", {"practices": selectors.practices_of(request.user)})


# --- moderation ---------------------------------------------------------------------------


def _require_moderator(request: AuthenticatedHttpRequest) -> None:
    perms.require_moderator(request.user)


@login_required
@require_GET
def moderation_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_moderator(request)
    corrections = CorrectionProposal.objects.filter(status="ouverte").select_related("practice", "author")[:50]
    return render(
        request, "practices/moderation.html", {"practices": selectors.moderation_queue(), "corrections": corrections}
    )


@login_required
@require_POST
def practice_moderate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_moderator(request)
    practice = get_object_or_404(Practice, pk=pk)
    form = ModerationForm(request.POST)
    if form.is_valid():
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        try:
            if decision == "publier":
                services.practice_publish(practice=practice, by=request.user)
                messages.success(request, f"« {practice.title} » est publiée.")
            elif decision == "renvoyer":
                services.practice_return(practice=practice, by=request.user, comment=comment)
                messages.success(request, f"« {practice.title} » est renvoyée à son contributeur.")
            else:
                services.practice_reject(practice=practice, by=request.user, comment=comment)
                messages.success(request, f"« {practice.title} » est refusée.")
        except services.PracticeError as error:
            messages.error(request, str(error))
            return redirect(practice)
        return redirect("practices:moderation")
    messages.error(request, "Choisissez une décision.")
    return redirect(practice)


@login_required
@require_POST
def correction_close(request: AuthenticatedHttpRequest, correction_pk: int) -> HttpResponse:
    _require_moderator(request)
    proposal = get_object_or_404(CorrectionProposal, pk=correction_pk)
    services.correction_close(proposal=proposal, by=request.user, accepted=request.POST.get("accepted") == "1")
    return redirect("practices:moderation")


# --- export -------------------------------------------------------------------------------


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pratiques-inspirantes.csv"'
    response.write("\ufeff")  # BOM: spreadsheet software then reads UTF-8 accents correctly
    writer = csv_writer(response, delimiter=";")
    rows = [practice_export_row(p) for p in selectors.published_for_export()]
    header = list(rows[0]) if rows else list(practice_export_row(None))
    writer.writerow(header)
    for row in rows:
        writer.writerow([row[h] for h in header])
    return response


@require_GET
def export_json(request: HttpRequest) -> HttpResponse:
    data = {"licence": LICENCE, "pratiques": [practice_to_dict(p) for p in selectors.published_for_export()]}
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="pratiques-inspirantes.json"'
    return response
