"""Pages of the alliance itself: the lists, its overview, creating, editing, deleting and restoring it, its history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from alliances.accounts.http import AuthenticatedHttpRequest
from alliances.partnerships import perms, selectors, services, valuation
from alliances.partnerships.enums import STEP_ORDER, Step
from alliances.partnerships.forms import (
    AllianceCreateForm,
    AllianceForm,
    CallForm,
    CoConstructionForm,
    EvaluationForm,
    StepForm,
)
from alliances.partnerships.models import Alliance, HistoryEntry
from alliances.partnerships.views.common import conflict_context, get_alliance, guard, login_redirects, rebind
from alliances.territories.forms import TERRITORY_HELP, TerritoryInput
from alliances.territories.selectors import territory_label, territory_resolve

# --- lists ----------------------------------------------------------------------------------


@require_http_methods(["GET"])
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """ "Mes alliances" for a signed-in user, then the alliances they may read, filtered."""
    territory = None
    error = ""
    choices: list[tuple[str, str]] = []
    # The territory as a person types it ("Mende", "48000", "Cœur de Lozère") or as a link writes
    # it (`commune:48095`); never silently ignored: an ambiguous one is asked back.
    ref = " ".join(request.GET.get("territoire", "").split())[:200]
    if ref:
        resolution = territory_resolve(ref)
        territory = resolution.territory
        if territory is not None:
            ref = territory_label(territory)
        elif resolution.candidates:
            params = request.GET.copy()
            params.pop("page", None)
            for candidate in resolution.candidates:
                params["territoire"] = candidate.ref
                choices.append((territory_label(candidate), params.urlencode()))
        else:
            error = resolution.message
    step = request.GET.get("etape", "")
    step = step if step in STEP_ORDER else ""
    sdg = request.GET.get("odd", "")
    sdg_number = int(sdg) if sdg.isdigit() and 1 <= int(sdg) <= 17 else None
    queryset = selectors.alliances_for_list(request.user, territory=territory, sdg=sdg_number, step=step or None)
    count = selectors.alliances_for_list_count(request.user, territory=territory, sdg=sdg_number, step=step or None)
    page = selectors.CountedPaginator(queryset, 20, count=count).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "territory": territory,
        "filter_error": error,
        "territory_choices": choices,
        "territory_field": TerritoryInput(attrs={"id": "f-territoire", "aria-describedby": "f-territoire-help"}).render(
            "territoire", ref
        ),
        "territory_help": TERRITORY_HELP,
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
    initial = {"lead_organisation_name": request.user.organisation_name}
    # A link from a territory's page (`?territoire=commune:48095`) prefills the territory.
    prefill = territory_resolve(request.GET.get("territoire", "")[:200]).territory
    if prefill is not None:
        initial["territory_ref"] = territory_label(prefill)
    form = AllianceCreateForm(request.POST or None, initial=initial)
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
def alliance_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The overview: one page a new partner reads to understand everything (printable)."""
    alliance = get_alliance(request, pk)
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
        "contributions": selectors.contribution_totals(alliance=alliance, by=user),
        "volunteer_rate": valuation.volunteer_rate(timezone.localdate()),
        **selectors.alliance_overview(alliance),
    }
    return render(request, "partnerships/alliance_detail.html", context)


@login_redirects
@require_http_methods(["GET", "POST"])
def alliance_edit(request: AuthenticatedHttpRequest, pk: int, section: str = "") -> HttpResponse:
    alliance = guard(request, pk, perms.can_manage)
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
            context.update(conflict_context(form, error))
            context["form"] = rebind(form_class, request, alliance, error.current)
            return render(request, "partnerships/alliance_form.html", context, status=409)
        messages.success(request, "Modifications enregistrées.")
        return redirect(_section_url(alliance, section))
    return render(request, "partnerships/alliance_form.html", context)


def _section_url(alliance: Alliance, section: str) -> str:
    step = {"co-construction": Step.CO_CONSTRUCT, "appel": Step.MOBILISE, "evaluation": Step.EVALUATE}.get(section)
    if step:
        return reverse("partnerships:step", kwargs={"pk": alliance.pk, "step": step})
    return alliance.get_absolute_url()


@login_redirects
@require_POST
def alliance_set_step(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = guard(request, pk, perms.can_manage)
    form = StepForm(request.POST)
    if form.is_valid():
        services.alliance_set_step(alliance=alliance, by=request.user, step=form.cleaned_data["step"])
        messages.success(request, f"L'alliance est maintenant à l'étape « {alliance.get_step_display()} ».")
    else:
        messages.error(request, "Étape inconnue.")
    return redirect(alliance)


@login_redirects
@require_http_methods(["GET", "POST"])
def alliance_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = guard(request, pk, perms.can_manage)
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
    alliance = selectors.alliance_get_restorable(user=request.user, pk=pk)
    services.alliance_restore(alliance=alliance, by=request.user)
    messages.success(request, "L'alliance est restaurée.")
    return redirect(alliance)


@login_redirects
@require_http_methods(["GET"])
def history(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = guard(request, pk, perms.can_view_internals)
    entries = HistoryEntry.objects.filter(alliance=alliance).select_related("user")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "partnerships/history.html", {"alliance": alliance, "page": page})
