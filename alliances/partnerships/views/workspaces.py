"""The workspaces of the method's five steps: their items (checklists, diagnostic, actors, commitments,
meetings, actions, indicators and measurements) and the suggestions from the other apps."""

from __future__ import annotations

from typing import Any

from django.apps import apps as django_apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from alliances.accounts.http import AuthenticatedHttpRequest
from alliances.partnerships import integrations, perms, selectors, services
from alliances.partnerships.enums import STEP_ORDER, MemberRole, Step
from alliances.partnerships.forms import ITEM_KINDS, MeasurementForm
from alliances.partnerships.models import Alliance, ChecklistItem, Indicator, Measurement
from alliances.partnerships.views.common import (
    author_organisation,
    conflict_context,
    guard,
    login_redirects,
    rebind,
    site_url,
)

# --- step workspaces ------------------------------------------------------------------------


def _step_resources(step: str) -> list:
    """Kits and resources of the resource centre tagged for this step of the method."""
    if not django_apps.is_installed("alliances.resources"):
        return []
    from alliances.resources.selectors import resources_for_step

    # The resource centre names the last step after both of its verbs.
    return resources_for_step({Step.EVALUATE.value: "evaluer-essaimer"}.get(step, step), limit=4)


@login_redirects
@require_http_methods(["GET"])
def step_workspace(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEP_ORDER:
        raise Http404
    alliance = guard(request, pk, perms.can_view_internals)
    user = request.user
    items = selectors.step_items(alliance, step)
    context: dict[str, Any] = {
        "alliance": alliance,
        "step": step,
        "step_label": Step(step).label,
        "steps": Step.choices,
        "can_manage": perms.can_manage(user, alliance),
        "can_contribute": perms.can_contribute(user, alliance),
        "membership": perms.membership_of(user, alliance),
        "step_resources": _step_resources(step),
        "step_practices": integrations.practices_suggested(alliance, step),
        **items,
    }
    if step == Step.UNDERSTAND:
        context["findings"] = integrations.portrait_findings(alliance)
    elif step == Step.MOBILISE:
        context["suggestions"] = integrations.organisations_suggested(alliance)
        context.update(integrations.organisations_for_need(alliance, request.GET))
        context["catalysts"] = integrations.catalysts_suggested(alliance)
    elif step == Step.EVALUATE:
        context["practices_available"] = integrations.practices_available()
        context["measurement_form"] = MeasurementForm()
    for key in ("diagnostic", "actors", "commitments", "meetings", "actions", "journal", "indicators"):
        if key in context:
            context[key] = [(item, perms.can_edit_item(user, alliance, item)) for item in context[key]]
    return render(request, "partnerships/step.html", context)


@login_redirects
@require_POST
def actor_add(request: AuthenticatedHttpRequest, pk: int, organisation_pk: int) -> HttpResponse:
    """Put a suggested organisation of the directory on the map of actors to involve."""
    alliance = guard(request, pk, perms.can_contribute)
    from alliances.actors.models import Organisation

    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    try:
        services.actor_target_from_directory(
            alliance=alliance,
            by=request.user,
            organisation=organisation,
            why=request.POST.get("why", "")[:300],
            organisation_name=author_organisation(request, alliance),
        )
        messages.success(request, f"{organisation.name} est ajoutée à la carte des acteurs, « à contacter ».")
    except services.AllianceError as error:
        messages.error(request, str(error))
    return redirect(reverse("partnerships:step", kwargs={"pk": alliance.pk, "step": Step.MOBILISE}) + "#carte")


@login_redirects
@require_POST
def diagnostic_from_portrait(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Copy one fragility or asset of the territory's portrait into the shared diagnostic."""
    alliance = guard(request, pk, perms.can_contribute)
    code = request.POST.get("code", "")
    finding = next((f for f in integrations.portrait_findings(alliance) if f.code == code), None)
    if finding is None:
        messages.error(request, "Ce constat ne figure plus dans le portrait du territoire.")
    else:
        try:
            services.diagnostic_from_portrait(
                alliance=alliance,
                by=request.user,
                kind=finding.kind,
                text=finding.sentence,
                label=finding.label,
                organisation_name=author_organisation(request, alliance),
            )
            messages.success(request, "Constat ajouté au diagnostic partagé.")
        except services.AllianceError as error:
            messages.error(request, str(error))
    return redirect(reverse("partnerships:step", kwargs={"pk": alliance.pk, "step": Step.UNDERSTAND}) + "#diagnostic")


@login_redirects
@require_POST
def catalyst_invite(request: AuthenticatedHttpRequest, pk: int, profile_pk: int) -> HttpResponse:
    """Invite a catalyst of the network as accompagnateur (their address stays hidden)."""
    alliance = guard(request, pk, perms.can_manage)
    from alliances.catalysts.models import CatalystProfile

    profile = get_object_or_404(CatalystProfile.objects.visible().select_related("user"), pk=profile_pk)
    try:
        services.catalyst_invite(alliance=alliance, by=request.user, profile=profile, base_url=site_url(request))
        messages.success(request, f"Invitation envoyée à {profile.name}, comme accompagnateur de l'alliance.")
    except services.AllianceError as error:
        messages.error(request, str(error))
    return redirect(reverse("partnerships:step", kwargs={"pk": alliance.pk, "step": Step.MOBILISE}) + "#catalyseurs")


def _item(alliance: Alliance, kind: str, item_pk: int):
    spec = ITEM_KINDS.get(kind)
    if spec is None:
        raise Http404
    return spec, get_object_or_404(spec.model, pk=item_pk, alliance=alliance)


def _prepare(form, request, alliance):
    if hasattr(form, "set_organisations"):
        membership = perms.membership_of(request.user, alliance)
        fixed = membership.organisation_name if membership and membership.role == MemberRole.PARTNER else None
        form.set_organisations(selectors.organisation_names(alliance), fixed=fixed)
    return form


def _step_url(alliance: Alliance, spec, item=None) -> str:
    step = spec.step or getattr(item, "step", "") or alliance.step
    return reverse("partnerships:step", kwargs={"pk": alliance.pk, "step": step})


@login_redirects
@require_http_methods(["GET", "POST"])
def item_create(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    alliance = guard(request, pk, perms.can_contribute)
    spec = ITEM_KINDS.get(kind)
    if spec is None:
        raise Http404
    step = request.GET.get("etape") if kind == "checklist" else spec.step
    if kind == "checklist" and (step not in STEP_ORDER or not perms.can_manage(request.user, alliance)):
        raise Http404 if step not in STEP_ORDER else PermissionDenied
    form = _prepare(spec.form(request.POST or None), request, alliance)
    if request.method == "POST" and form.is_valid():
        data = form.model_data()
        if kind == "checklist":
            data["step"] = step
        item = services.item_create(
            alliance=alliance,
            model=spec.model,
            data=data,
            by=request.user,
            organisation_name=author_organisation(request, alliance),
        )
        messages.success(request, "Enregistré.")
        return redirect(_step_url(alliance, spec, item))
    return render(
        request,
        "partnerships/item_form.html",
        {
            "alliance": alliance,
            "form": form,
            "title": f"Ajouter {spec.label}",
            "back": _step_url(alliance, spec),
        },
    )


@login_redirects
@require_http_methods(["GET", "POST"])
def item_edit(request: AuthenticatedHttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    alliance = guard(request, pk, perms.can_contribute)
    spec, item = _item(alliance, kind, item_pk)
    if not perms.can_edit_item(request.user, alliance, item):
        raise PermissionDenied("Seuls les pilotes et l'organisation concernée peuvent modifier cet élément.")
    form = _prepare(spec.form(request.POST or None, instance=item), request, alliance)
    context = {
        "alliance": alliance,
        "form": form,
        "title": f"Modifier {spec.label}",
        "item": item,
        "back": _step_url(alliance, spec, item),
    }
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(
                item=item,
                by=request.user,
                data=form.model_data(),
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except services.ConflictError as error:
            context.update(conflict_context(form, error))
            context["form"] = _prepare(rebind(spec.form, request, item, error.current), request, alliance)
            return render(request, "partnerships/item_form.html", context, status=409)
        messages.success(request, "Modifications enregistrées.")
        return redirect(_step_url(alliance, spec, item))
    return render(request, "partnerships/item_form.html", context)


@login_redirects
@require_http_methods(["GET", "POST"])
def item_delete(request: AuthenticatedHttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    alliance = guard(request, pk, perms.can_contribute)
    spec, item = _item(alliance, kind, item_pk)
    if not perms.can_edit_item(request.user, alliance, item):
        raise PermissionDenied
    back = _step_url(alliance, spec, item)
    if request.method == "POST":
        services.item_delete(item=item, by=request.user)
        messages.success(request, "Élément supprimé.")
        return redirect(back)
    return render(
        request,
        "partnerships/confirm.html",
        {
            "alliance": alliance,
            "title": f"Supprimer « {item} » ?",
            "text": "La suppression sera notée dans l'historique.",
            "button": "Supprimer",
            "back": back,
        },
    )


@login_redirects
@require_POST
def checklist_toggle(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    alliance = guard(request, pk, perms.can_contribute)
    item = get_object_or_404(ChecklistItem, pk=item_pk, alliance=alliance)
    services.checklist_toggle(item=item, by=request.user, done=request.POST.get("done") == "1")
    return redirect(reverse("partnerships:step", kwargs={"pk": alliance.pk, "step": item.step}) + f"#point-{item.pk}")


@login_redirects
@require_POST
def measurement_add(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    alliance = guard(request, pk, perms.can_contribute)
    indicator = get_object_or_404(Indicator, pk=item_pk, alliance=alliance)
    if not perms.can_edit_item(request.user, alliance, indicator):
        raise PermissionDenied
    form = MeasurementForm(request.POST)
    if form.is_valid():
        services.measurement_add(indicator=indicator, by=request.user, **form.cleaned_data)
        messages.success(request, "Mesure ajoutée.")
        return redirect(
            reverse("partnerships:step", kwargs={"pk": alliance.pk, "step": Step.EVALUATE})
            + f"#indicateur-{indicator.pk}"
        )
    return render(
        request,
        "partnerships/item_form.html",
        {
            "alliance": alliance,
            "form": form,
            "title": f"Ajouter une mesure à « {indicator.name} »",
            "back": reverse("partnerships:step", kwargs={"pk": alliance.pk, "step": Step.EVALUATE}),
        },
        status=400,
    )


@login_redirects
@require_POST
def measurement_delete(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    alliance = guard(request, pk, perms.can_contribute)
    measurement = get_object_or_404(
        Measurement.objects.select_related("indicator"), pk=item_pk, indicator__alliance=alliance
    )
    if not perms.can_edit_item(request.user, alliance, measurement.indicator):
        raise PermissionDenied
    services.measurement_delete(measurement=measurement, by=request.user)
    messages.success(request, "Mesure supprimée.")
    return redirect(reverse("partnerships:step", kwargs={"pk": alliance.pk, "step": Step.EVALUATE}))
