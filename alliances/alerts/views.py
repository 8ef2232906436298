"""Pages of alerts: create from a list page, manage, notifications, one-click unsubscribe."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliances.accounts.http import AuthenticatedHttpRequest
from alliances.alerts import perms, selectors, services
from alliances.alerts.enums import Frequency
from alliances.alerts.forms import AlertCreateForm, FrequencyForm
from alliances.alerts.models import Alert
from alliances.alerts.searches import kind_of
from alliances.alerts.tokens import BadToken


def _own_alert(request: AuthenticatedHttpRequest, pk: int) -> Alert:
    alert = get_object_or_404(Alert, pk=pk)
    perms.require_edit(request.user, alert)
    return alert


@login_required
@require_GET
def alert_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    alerts = selectors.alerts_of(request.user)
    rows = [(alert, FrequencyForm(initial={"frequency": alert.frequency}, prefix=f"a{alert.pk}")) for alert in alerts]
    return render(request, "alerts/list.html", {"rows": rows})


def _target(data: QueryDict, user) -> dict:
    """What the creation link names, checked: a page and its filters, a territory or an alliance."""
    if data.get("suivre") == "territoire":
        from alliances.territories.refs import parse_territory_ref
        from alliances.territories.selectors import territory_get, territory_label

        try:
            territory = territory_get(parse_territory_ref(data.get("territoire", "")))
        except Exception as error:  # unknown or malformed reference: nothing to follow
            raise Http404("Territoire introuvable") from error
        return {"territory": territory, "description": f"Suivre le territoire {territory_label(territory)}"}
    if data.get("suivre") == "alliance":
        from alliances.partnerships.selectors import alliance_get_visible

        # Through the gate: a private alliance's title must not show in « Suivre l'alliance … ».
        alliance = alliance_get_visible(user=user, pk=data.get("alliance"))
        return {"alliance": alliance, "description": f"Suivre l'alliance « {alliance.title} »"}
    kind = kind_of(data.get("type", ""))
    if kind is None:
        raise Http404("Page inconnue")
    query = data.get("recherche", "")
    parsed = kind.parse(QueryDict(query))
    description = kind.describe(parsed) if parsed is not None else ""
    return {
        "kind": kind,
        "query": query,
        "valid": parsed is not None,
        "description": f"{kind.label} — {description or 'toutes les nouveautés'}",
        "page_url": kind.page_url(query),
    }


@login_required
@require_http_methods(["GET", "POST"])
def alert_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Confirm what to watch and how often; anonymous visitors sign in first and come back here."""
    source = request.POST if request.method == "POST" else request.GET
    target = _target(source, request.user)
    initial = {name: source.get(name, "") for name in ("type", "recherche", "suivre", "territoire", "alliance")}
    initial["frequency"] = Frequency.WEEKLY if source.get("suivre") else Frequency.DAILY
    form = AlertCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        frequency = form.cleaned_data["frequency"]
        try:
            if "territory" in target:
                services.alert_follow_territory(user=request.user, territory=target["territory"], frequency=frequency)
            elif "alliance" in target:
                services.alert_follow_alliance(user=request.user, alliance=target["alliance"], frequency=frequency)
            else:
                services.alert_create_search(
                    user=request.user, search_kind=target["kind"].key, query=target["query"], frequency=frequency
                )
        except services.AlertError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Alerte créée. Vous recevrez les nouveautés par courriel.")
            return redirect("alerts:list")
    return render(request, "alerts/create.html", {"form": form, "target": target})


@login_required
@require_POST
def alert_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alert = _own_alert(request, pk)
    form = FrequencyForm(request.POST, prefix=f"a{alert.pk}")
    if form.is_valid():
        services.alert_update(alert=alert, by=request.user, frequency=form.cleaned_data["frequency"])
        messages.success(request, f"Fréquence enregistrée : {alert.get_frequency_display().lower()}.")
    else:
        messages.error(request, "Choisissez une fréquence.")
    return redirect("alerts:list")


@login_required
@require_POST
def alert_pause(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alert = _own_alert(request, pk)
    paused = request.POST.get("pause") == "1"
    services.alert_pause(alert=alert, by=request.user, paused=paused)
    messages.success(request, "Alerte mise en pause." if paused else "Alerte reprise : les nouveautés reviennent.")
    return redirect("alerts:list")


@login_required
@require_POST
def alert_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alert = _own_alert(request, pk)
    services.alert_delete(alert=alert, by=request.user)
    messages.success(request, "Alerte supprimée.")
    return redirect("alerts:list")


@login_required
@require_GET
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's notifications, newest first; opening the page marks them read."""
    items = selectors.notifications_of(request.user)
    unread = {n.pk for n in items if n.read_at is None}
    services.notifications_mark_read(user=request.user)
    return render(request, "alerts/notifications.html", {"notifications": items, "unread": unread})


@csrf_exempt  # RFC 8058: the mail client posts without a session; the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link stops, with a button (mail scanners prefetch links: never stop on
    GET); POST stops exactly those alerts, signed in or not."""
    try:
        alerts = services.alerts_unsubscribe(token=token) if request.method == "POST" else None
        shown = alerts if alerts is not None else services.alerts_from_token(token)
    except BadToken:
        return render(request, "alerts/unsubscribe_invalid.html", status=400)
    return render(
        request, "alerts/unsubscribe.html", {"alerts": shown, "done": request.method == "POST", "token": token}
    )
