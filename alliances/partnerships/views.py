"""Pages of the alliances: thin views that parse, check permissions (perms.py) and call services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps as django_apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from alliances.accounts.http import AuthenticatedHttpRequest
from alliances.core.ratelimit import RateLimited, rate_limit
from alliances.partnerships import convention, integrations, perms, selectors, services
from alliances.partnerships.enums import STEP_ORDER, MemberRole, RequestStatus, Step
from alliances.partnerships.forms import (
    ITEM_KINDS,
    AllianceCreateForm,
    AllianceForm,
    CallForm,
    CoConstructionForm,
    EvaluationForm,
    InvitationForm,
    JoinRequestForm,
    MeasurementForm,
    MembershipOrganisationForm,
    MembershipRoleForm,
    StepForm,
    resolve_territory,
)
from alliances.partnerships.models import (
    ActionItem,
    ActorTarget,
    Alliance,
    ChecklistItem,
    Commitment,
    DiagnosticItem,
    HistoryEntry,
    Indicator,
    Invitation,
    JoinRequest,
    JournalEntry,
    Measurement,
    Meeting,
    Membership,
)
from alliances.territories.models import Territory
from alliances.territories.refs import InvalidTerritoryRef, parse_territory_ref
from alliances.territories.selectors import territory_get

Check = Callable[..., bool]


def _alliance(request: HttpRequest, pk: int, check: Check | None = None) -> Alliance:
    """The alliance if the user may read it (else 404: a private alliance stays secret), then `check`."""
    alliance = get_object_or_404(Alliance.objects.select_related("territory", "lead_organisation"), pk=pk)
    user = request.user
    if not perms.can_view(user, alliance):
        raise Http404("Alliance introuvable")
    if check is not None and not check(user, alliance):
        raise PermissionDenied("Cette action est réservée à certains membres de l'alliance.")
    return alliance


def _guard(request: HttpRequest, pk: int, check: Check) -> Alliance:
    try:
        return _alliance(request, pk, check)
    except PermissionDenied:
        if not request.user.is_authenticated:
            raise _LoginRequired from None
        raise


class _LoginRequired(Exception):
    pass


def _login_redirects(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _organisation(request: HttpRequest, alliance: Alliance) -> str:
    membership = perms.membership_of(request.user, alliance)
    return membership.organisation_name if membership else ""


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


# --- lists ----------------------------------------------------------------------------------


@require_http_methods(["GET"])
def dashboard(request: HttpRequest) -> HttpResponse:
    """ "Mes alliances" for a signed-in user, then the alliances they may read, filtered."""
    territory = None
    error = ""
    ref = request.GET.get("territoire", "").strip()
    if ref:
        try:
            territory = territory_get(parse_territory_ref(ref))
        except (InvalidTerritoryRef, Territory.DoesNotExist) as exc:
            error = str(exc) if isinstance(exc, InvalidTerritoryRef) else f"Territoire inconnu : {ref}"
    step = request.GET.get("etape", "")
    step = step if step in STEP_ORDER else ""
    sdg = request.GET.get("odd", "")
    sdg_number = int(sdg) if sdg.isdigit() and 1 <= int(sdg) <= 17 else None
    filters: dict[str, Any] = {"territory": territory, "sdg": sdg_number, "step": step or None}
    queryset = selectors.alliances_for_list(request.user, **filters)
    page = selectors.CountedPaginator(
        queryset, 20, count=selectors.alliances_for_list_count(request.user, **filters)
    ).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "territory": territory,
        "filter_error": error,
        "steps": Step.choices,
        "step": step,
        "sdg": sdg_number,
        "territory_ref": ref,
        "mine": selectors.my_alliances(request.user) if request.user.is_authenticated else [],
        "deleted": selectors.my_deleted_alliances(request.user) if request.user.is_authenticated else [],
    }
    return render(request, "partnerships/dashboard.html", context)


# --- the alliance itself --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def alliance_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AllianceCreateForm(
        request.POST or None,
        initial={
            "lead_organisation_name": request.user.organisation_name,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.model_data()
        data["territory"] = form.cleaned_data["territory"]
        try:
            alliance = services.alliance_create(
                by=request.user,
                data=data,
                organisation=form.cleaned_data.get("my_organisation_picked"),
                organisation_name=form.cleaned_data.get("my_organisation") or "",
            )
        except services.AllianceError as error:
            form.add_error(None, str(error))
            return render(request, "partnerships/alliance_form.html", {"form": form, "creating": True})
        messages.success(request, "L'alliance est créée. Vous en êtes le pilote : invitez vos partenaires.")
        return redirect(alliance)
    return render(request, "partnerships/alliance_form.html", {"form": form, "creating": True})


@require_http_methods(["GET"])
def alliance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The overview: one page a new partner reads to understand everything (printable)."""
    alliance = _alliance(request, pk)
    user = request.user
    internals = perms.can_view_internals(user, alliance)
    context = {
        "alliance": alliance,
        "internals": internals,
        "can_manage": perms.can_manage(user, alliance),
        "can_contribute": perms.can_contribute(user, alliance),
        "can_join": perms.can_request_to_join(user, alliance),
        "membership": perms.membership_of(user, alliance),
        "step_form": StepForm(initial={"step": alliance.step}),
        **selectors.alliance_overview(alliance),
    }
    return render(request, "partnerships/alliance_detail.html", context)


def _conflict_context(form, error: services.ConflictError) -> dict:
    current = error.current
    rows = []
    for name in form.Meta.fields:
        if name not in form.fields or name in ("version", "territory_ref"):
            continue
        try:
            field = current._meta.get_field(name)
        except Exception:  # a form-only field
            continue
        value = getattr(current, name)
        if field.many_to_many:
            value = ", ".join(str(v) for v in value.all())
        elif getattr(field, "choices", None):
            value = getattr(current, f"get_{name}_display")()
        rows.append((form.fields[name].label, value))
    return {"conflict": str(error), "current_rows": rows}


def _rebind(form_class, request, instance, current, **kwargs):
    """The user's input again, now based on the version they have just been shown."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = form_class(data, instance=current, **kwargs)
    form.is_valid()
    return form


@_login_redirects
@require_http_methods(["GET", "POST"])
def alliance_edit(request: AuthenticatedHttpRequest, pk: int, section: str = "") -> HttpResponse:
    alliance = _guard(request, pk, perms.can_manage)
    form_class, template_title = {
        "": (AllianceForm, "Modifier l'alliance"),
        "co-construction": (CoConstructionForm, "Objectifs et gouvernance"),
        "appel": (CallForm, "Appel à partenaires"),
        "evaluation": (EvaluationForm, "Évaluation"),
    }.get(section, (None, ""))
    if form_class is None:
        raise Http404
    form = form_class(request.POST or None, instance=alliance)
    context = {"alliance": alliance, "form": form, "title": template_title}
    if request.method == "POST" and form.is_valid():
        data = form.model_data()
        if "territory" in form.cleaned_data:
            data["territory"] = form.cleaned_data["territory"]
        try:
            services.alliance_update(
                alliance=alliance, by=request.user, data=data, expected_version=form.cleaned_data.get("version") or 0
            )
        except services.ConflictError as error:
            context.update(_conflict_context(form, error))
            context["form"] = _rebind(form_class, request, alliance, error.current)
            return render(request, "partnerships/alliance_form.html", context, status=409)
        messages.success(request, "Modifications enregistrées.")
        return redirect(_section_url(alliance, section))
    return render(request, "partnerships/alliance_form.html", context)


def _section_url(alliance: Alliance, section: str) -> str:
    step = {"co-construction": Step.CO_CONSTRUCT, "appel": Step.MOBILISE, "evaluation": Step.EVALUATE}.get(section)
    if step:
        return reverse("partnerships:step", kwargs={"pk": alliance.pk, "step": step})
    return alliance.get_absolute_url()


@_login_redirects
@require_POST
def alliance_set_step(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = _guard(request, pk, perms.can_manage)
    form = StepForm(request.POST)
    if form.is_valid():
        services.alliance_set_step(alliance=alliance, by=request.user, step=form.cleaned_data["step"])
        messages.success(request, f"L'alliance est maintenant à l'étape « {alliance.get_step_display()} ».")
    else:
        messages.error(request, "Étape inconnue.")
    return redirect(alliance)


@_login_redirects
@require_http_methods(["GET", "POST"])
def alliance_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = _guard(request, pk, perms.can_manage)
    if request.method == "POST":
        services.alliance_delete(alliance=alliance, by=request.user)
        messages.success(
            request, "L'alliance est supprimée. Un pilote peut la restaurer pendant 30 jours depuis « Mes alliances »."
        )
        return redirect("partnerships:dashboard")
    return render(
        request,
        "partnerships/confirm.html",
        {
            "alliance": alliance,
            "title": f"Supprimer l'alliance « {alliance.title} » ?",
            "text": "Elle disparaîtra pour tous ses membres. Un pilote pourra la restaurer pendant 30 jours.",
            "button": "Supprimer l'alliance",
        },
    )


@login_required
@require_POST
def alliance_restore(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = get_object_or_404(Alliance, pk=pk, deleted_at__isnull=False)
    if not perms.can_restore(request.user, alliance):
        raise Http404
    services.alliance_restore(alliance=alliance, by=request.user)
    messages.success(request, "L'alliance est restaurée.")
    return redirect(alliance)


@_login_redirects
@require_http_methods(["GET"])
def history(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = _guard(request, pk, perms.can_view_internals)
    entries = HistoryEntry.objects.filter(alliance=alliance).select_related("user")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "partnerships/history.html", {"alliance": alliance, "page": page})


# --- step workspaces ------------------------------------------------------------------------


def _step_resources(step: str) -> list:
    """Kits and resources of the resource centre tagged for this step of the method."""
    if not django_apps.is_installed("alliances.resources"):
        return []
    from alliances.resources.selectors import resources_for_step

    # The resource centre names the last step after both of its verbs.
    return resources_for_step({Step.EVALUATE.value: "evaluer-essaimer"}.get(step, step), limit=4)


@_login_redirects
@require_http_methods(["GET"])
def step_workspace(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEP_ORDER:
        raise Http404
    alliance = _guard(request, pk, perms.can_view_internals)
    user = request.user
    context: dict[str, Any] = {
        "alliance": alliance,
        "step": step,
        "step_label": Step(step).label,
        "steps": Step.choices,
        "checklist": ChecklistItem.objects.filter(alliance=alliance, step=step),
        "can_manage": perms.can_manage(user, alliance),
        "can_contribute": perms.can_contribute(user, alliance),
        "membership": perms.membership_of(user, alliance),
        "step_resources": _step_resources(step),
        "step_practices": integrations.practices_suggested(alliance, step),
    }
    if step == Step.UNDERSTAND:
        context["diagnostic"] = DiagnosticItem.objects.filter(alliance=alliance)
        context["findings"] = integrations.portrait_findings(alliance)
    elif step == Step.MOBILISE:
        context["actors"] = ActorTarget.objects.filter(alliance=alliance).select_related("organisation")
        context["requests"] = JoinRequest.objects.filter(
            alliance=alliance, status=RequestStatus.PENDING
        ).select_related("user")
        context["suggestions"] = _actor_suggestions(alliance)
        context["catalysts"] = integrations.catalysts_suggested(alliance)
    elif step == Step.CO_CONSTRUCT:
        context["commitments"] = Commitment.objects.filter(alliance=alliance)
    elif step == Step.ACT:
        context["meetings"] = Meeting.objects.filter(alliance=alliance)
        context["actions"] = ActionItem.objects.filter(alliance=alliance)
        context["journal"] = JournalEntry.objects.filter(alliance=alliance).select_related("created_by")[:50]
    elif step == Step.EVALUATE:
        context["practices_available"] = integrations.practices_available()
        context["indicators"] = (
            Indicator.objects.filter(alliance=alliance).select_related("sdg").prefetch_related("measurements")
        )
        context["measurement_form"] = MeasurementForm()
    for key in ("diagnostic", "actors", "commitments", "meetings", "actions", "journal", "indicators"):
        if key in context:
            context[key] = [(item, perms.can_edit_item(user, alliance, item)) for item in context[key]]
    return render(request, "partnerships/step.html", context)


def _actor_suggestions(alliance: Alliance) -> list:
    """Organisations of the territory whose SDGs match, from the actors directory."""
    return integrations.organisations_suggested(alliance)


@_login_redirects
@require_POST
def actor_add(request: AuthenticatedHttpRequest, pk: int, organisation_pk: int) -> HttpResponse:
    """Put a suggested organisation of the directory on the map of actors to involve."""
    alliance = _guard(request, pk, perms.can_contribute)
    from alliances.actors.models import Organisation

    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    try:
        services.actor_target_from_directory(
            alliance=alliance,
            by=request.user,
            organisation=organisation,
            why=request.POST.get("why", "")[:300],
            organisation_name=_organisation(request, alliance),
        )
        messages.success(request, f"{organisation.name} est ajoutée à la carte des acteurs, « à contacter ».")
    except services.AllianceError as error:
        messages.error(request, str(error))
    return redirect(reverse("partnerships:step", kwargs={"pk": alliance.pk, "step": Step.MOBILISE}) + "#carte")


@_login_redirects
@require_POST
def diagnostic_from_portrait(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Copy one fragility or asset of the territory's portrait into the shared diagnostic."""
    alliance = _guard(request, pk, perms.can_contribute)
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
                organisation_name=_organisation(request, alliance),
            )
            messages.success(request, "Constat ajouté au diagnostic partagé.")
        except services.AllianceError as error:
            messages.error(request, str(error))
    return redirect(reverse("partnerships:step", kwargs={"pk": alliance.pk, "step": Step.UNDERSTAND}) + "#diagnostic")


@_login_redirects
@require_POST
def catalyst_invite(request: AuthenticatedHttpRequest, pk: int, profile_pk: int) -> HttpResponse:
    """Invite a catalyst of the network as accompagnateur (their address stays hidden)."""
    alliance = _guard(request, pk, perms.can_manage)
    from alliances.catalysts.models import CatalystProfile

    profile = get_object_or_404(CatalystProfile.objects.visible().select_related("user"), pk=profile_pk)
    try:
        services.catalyst_invite(alliance=alliance, by=request.user, profile=profile, base_url=_base_url(request))
        messages.success(request, f"Invitation envoyée à {profile.name}, comme accompagnateur de l'alliance.")
    except services.AllianceError as error:
        messages.error(request, str(error))
    return redirect(reverse("partnerships:step", kwargs={"pk": alliance.pk, "step": Step.MOBILISE}) + "#catalyseurs")


def _item(alliance: Alliance, kind: str, item_pk: int):
    spec = ITEM_KINDS.get(kind)
    if spec is None:
        raise Http404
    return spec, get_object_or_404(spec.model, pk=item_pk, alliance=alliance)


def _organisations(alliance: Alliance) -> list[str]:
    names = {alliance.lead_organisation_name}
    names.update(Membership.objects.filter(alliance=alliance).values_list("organisation_name", flat=True))
    return sorted(n for n in names if n)


def _prepare(form, request, alliance):
    if hasattr(form, "set_organisations"):
        membership = perms.membership_of(request.user, alliance)
        fixed = membership.organisation_name if membership and membership.role == MemberRole.PARTNER else None
        form.set_organisations(_organisations(alliance), fixed=fixed)
    return form


def _step_url(alliance: Alliance, spec, item=None) -> str:
    step = spec.step or getattr(item, "step", "") or alliance.step
    return reverse("partnerships:step", kwargs={"pk": alliance.pk, "step": step})


@_login_redirects
@require_http_methods(["GET", "POST"])
def item_create(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    alliance = _guard(request, pk, perms.can_contribute)
    spec = ITEM_KINDS.get(kind)
    if spec is None:
        raise Http404
    step = request.GET.get("etape") if kind == "checklist" else spec.step
    if kind == "checklist" and (step not in STEP_ORDER or not perms.can_manage(request.user, alliance)):
        raise Http404 if step not in STEP_ORDER else PermissionDenied
    form = _prepare(spec.form(request.POST or None), request, alliance)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        if kind == "checklist":
            item.step = step
        services.item_create(
            alliance=alliance, item=item, by=request.user, organisation_name=_organisation(request, alliance)
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


@_login_redirects
@require_http_methods(["GET", "POST"])
def item_edit(request: AuthenticatedHttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    alliance = _guard(request, pk, perms.can_contribute)
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
            context.update(_conflict_context(form, error))
            context["form"] = _prepare(_rebind(spec.form, request, item, error.current), request, alliance)
            return render(request, "partnerships/item_form.html", context, status=409)
        messages.success(request, "Modifications enregistrées.")
        return redirect(_step_url(alliance, spec, item))
    return render(request, "partnerships/item_form.html", context)


@_login_redirects
@require_http_methods(["GET", "POST"])
def item_delete(request: AuthenticatedHttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    alliance = _guard(request, pk, perms.can_contribute)
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


@_login_redirects
@require_POST
def checklist_toggle(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    alliance = _guard(request, pk, perms.can_contribute)
    item = get_object_or_404(ChecklistItem, pk=item_pk, alliance=alliance)
    services.checklist_toggle(item=item, by=request.user, done=request.POST.get("done") == "1")
    return redirect(reverse("partnerships:step", kwargs={"pk": alliance.pk, "step": item.step}) + f"#point-{item.pk}")


@_login_redirects
@require_POST
def measurement_add(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    alliance = _guard(request, pk, perms.can_contribute)
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


@_login_redirects
@require_POST
def measurement_delete(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    alliance = _guard(request, pk, perms.can_contribute)
    measurement = get_object_or_404(
        Measurement.objects.select_related("indicator"), pk=item_pk, indicator__alliance=alliance
    )
    if not perms.can_edit_item(request.user, alliance, measurement.indicator):
        raise PermissionDenied
    services.measurement_delete(measurement=measurement, by=request.user)
    messages.success(request, "Mesure supprimée.")
    return redirect(reverse("partnerships:step", kwargs={"pk": alliance.pk, "step": Step.EVALUATE}))


# --- members ----------------------------------------------------------------------------


INVITATIONS_PER_DAY = 30


@_login_redirects
@require_http_methods(["GET", "POST"])
def members(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = _guard(request, pk, perms.can_view_internals)
    can_manage = perms.can_manage(request.user, alliance)
    form = InvitationForm(request.POST or None, territory=alliance.territory)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                # Each invitation emails an address typed by the pilot: bounded, so that a
                # compromised account cannot turn the platform into a spam relay.
                rate_limit("invitation", request.user.pk, limit=INVITATIONS_PER_DAY, period=86400, what="invitations")
                services.invitation_send(
                    alliance=alliance, by=request.user, base_url=_base_url(request), **form.service_data()
                )
            except (services.AllianceError, RateLimited) as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Invitation envoyée à {form.cleaned_data['email']}.")
                return redirect("partnerships:members", pk=alliance.pk)
    context = {
        "alliance": alliance,
        "can_manage": can_manage,
        "memberships": Membership.objects.filter(alliance=alliance).select_related(
            "user", "organisation", "user__catalyst_profile"
        ),
        "form": form,
        "role_choices": MemberRole.choices,
        "invitations": Invitation.objects.filter(alliance=alliance, accepted_at__isnull=True) if can_manage else [],
        "requests": JoinRequest.objects.filter(alliance=alliance, status=RequestStatus.PENDING).select_related(
            "user", "organisation"
        )
        if can_manage
        else [],
    }
    return render(request, "partnerships/members.html", context)


@_login_redirects
@require_POST
def membership_change(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    alliance = _guard(request, pk, perms.can_manage)
    membership = get_object_or_404(Membership, pk=member_pk, alliance=alliance)
    try:
        if request.POST.get("action") == "retirer":
            services.membership_remove(membership=membership, by=request.user)
            messages.success(request, "Membre retiré.")
        else:
            form = MembershipRoleForm(request.POST)
            if form.is_valid():
                services.membership_update(membership=membership, by=request.user, role=form.cleaned_data["role"])
                messages.success(request, "Rôle modifié.")
    except services.AllianceError as error:
        messages.error(request, str(error))
    return redirect("partnerships:members", pk=alliance.pk)


@_login_redirects
@require_http_methods(["GET", "POST"])
def membership_organisation(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """Link a member written before the directory link to an organisation of the directory
    (a pilote for anyone, a member for themself)."""
    alliance = _guard(request, pk, perms.can_view_internals)
    membership = get_object_or_404(Membership, pk=member_pk, alliance=alliance)
    if not (perms.can_manage(request.user, alliance) or membership.user_id == request.user.pk):
        raise PermissionDenied
    form = MembershipOrganisationForm(
        request.POST or None, territory=alliance.territory, initial={"organisation_name": membership.organisation_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_set_organisation(
                membership=membership, by=request.user, organisation=form.cleaned_data["organisation"]
            )
        except services.AllianceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Le membre est relié à l'annuaire des acteurs.")
            return redirect("partnerships:members", pk=alliance.pk)
    return render(
        request,
        "partnerships/item_form.html",
        {
            "alliance": alliance,
            "form": form,
            "back": reverse("partnerships:members", kwargs={"pk": alliance.pk}),
            "title": f"Relier « {membership.organisation_name} » à l'annuaire des acteurs",
        },
    )


@_login_redirects
@require_POST
def join_request_decide(request: AuthenticatedHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    alliance = _guard(request, pk, perms.can_manage)
    join_request = get_object_or_404(JoinRequest, pk=request_pk, alliance=alliance)
    try:
        services.join_request_decide(
            join_request=join_request,
            by=request.user,
            accept=request.POST.get("accept") == "1",
            role=request.POST.get("role", "") if request.POST.get("role") in MemberRole.values else MemberRole.PARTNER,
        )
        messages.success(request, "Réponse enregistrée.")
    except services.AllianceError as error:
        messages.error(request, str(error))
    return redirect("partnerships:members", pk=alliance.pk)


@_login_redirects
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask to join, or answer the call for partners (?appel=1)."""
    alliance = _alliance(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not perms.can_request_to_join(request.user, alliance):
        messages.info(request, "Vous êtes déjà membre de cette alliance.")
        return redirect(alliance)
    answers_call = request.GET.get("appel") == "1" or request.POST.get("appel") == "1"
    form = JoinRequestForm(
        request.POST or None,
        initial={"organisation_name": request.user.organisation_name},
        territory=alliance.territory,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.join_request_create(
                alliance=alliance, user=request.user, answers_call=answers_call, **form.service_data()
            )
        except services.AllianceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Votre demande est transmise aux pilotes de l'alliance.")
            return redirect(alliance)
    return render(request, "partnerships/join.html", {"alliance": alliance, "form": form, "answers_call": answers_call})


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invite = services.invitation_from_token(token)
    except services.InvitationError as error:
        return render(request, "partnerships/invitation.html", {"error": str(error)}, status=410)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        with transaction.atomic():
            try:
                services.invitation_accept(invitation=invite, user=request.user)
            except services.InvitationError as error:
                return render(request, "partnerships/invitation.html", {"error": str(error)}, status=410)
        messages.success(request, f"Bienvenue dans l'alliance « {invite.alliance.title} ».")
        return redirect(invite.alliance)
    return render(request, "partnerships/invitation.html", {"invitation": invite, "token": token})


# --- the organisation picker ---------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def organisation_picker(request: HttpRequest) -> HttpResponse:
    """The directory organisations matching what is typed in a picker (htmx fragment of radio buttons)."""
    field = request.GET.get("champ", "")
    if not field.replace("_", "").isalpha() or len(field) > 40:
        raise Http404
    typed = request.GET.get(field, "").strip()[:200]
    territory = None
    ref = request.GET.get("territoire") or request.GET.get("territory_ref") or ""
    if ref:
        try:
            territory = resolve_territory(ref)
        except ValidationError:
            territory = None
    candidates = integrations.organisation_candidates(typed, territory=territory)
    return render(
        request,
        "partnerships/partials/organisation_picker.html",
        {
            "field": field,
            "typed": typed,
            "choices": [(o.pk, integrations.organisation_label(o)) for o in candidates],
        },
    )


# --- documents ----------------------------------------------------------------------------


@_login_redirects
@require_http_methods(["GET"])
def convention_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    alliance = _guard(request, pk, perms.can_view_internals)
    data = convention.convention_data(alliance)
    filename = f"convention-alliance-{alliance.pk}"
    if fmt == "odt":
        response = HttpResponse(convention.render_odt(data), content_type="application/vnd.oasis.opendocument.text")
        response["Content-Disposition"] = f'attachment; filename="{filename}.odt"'
    elif fmt == "pdf":
        response = HttpResponse(
            convention.render_pdf(data, base_url=_base_url(request)), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    else:
        raise Http404
    return response


# --- essaimer -------------------------------------------------------------------------------


@_login_redirects
@require_POST
def publish_practice(request: HttpRequest, pk: int) -> HttpResponse:
    """Pre-fill a practice draft from the alliance; its author completes it, moderators publish it."""
    alliance = _guard(request, pk, perms.can_manage)
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
