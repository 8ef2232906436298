"""Members of an alliance: invitations, join requests, roles, links to the directory; the organisation picker."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from alliances.accounts.http import AuthenticatedHttpRequest
from alliances.core.ratelimit import RateLimited, rate_limit
from alliances.partnerships import integrations, perms, selectors, services
from alliances.partnerships.enums import MemberRole
from alliances.partnerships.forms import (
    InvitationForm,
    JoinRequestForm,
    MembershipOrganisationForm,
    MembershipRoleForm,
    resolve_territory,
)
from alliances.partnerships.models import JoinRequest, Membership
from alliances.partnerships.views.common import get_alliance, guard, login_redirects, site_url

# --- members ----------------------------------------------------------------------------


INVITATIONS_PER_DAY = 30


@login_redirects
@require_http_methods(["GET", "POST"])
def members(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = guard(request, pk, perms.can_view_internals)
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
                    alliance=alliance, by=request.user, base_url=site_url(request), **form.service_data()
                )
            except (services.AllianceError, RateLimited) as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Invitation envoyée à {form.cleaned_data['email']}.")
                return redirect("partnerships:members", pk=alliance.pk)
    context = {
        "alliance": alliance,
        "can_manage": can_manage,
        "form": form,
        "role_choices": MemberRole.choices,
        **selectors.members_of(alliance, with_pending=can_manage),
    }
    return render(request, "partnerships/members.html", context)


@login_redirects
@require_POST
def membership_change(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    alliance = guard(request, pk, perms.can_manage)
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


@login_redirects
@require_http_methods(["GET", "POST"])
def membership_organisation(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """Link a member written before the directory link to an organisation of the directory
    (a pilote for anyone, a member for themself)."""
    alliance = guard(request, pk, perms.can_view_internals)
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


@login_redirects
@require_POST
def join_request_decide(request: AuthenticatedHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    alliance = guard(request, pk, perms.can_manage)
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


@login_redirects
@require_http_methods(["GET", "POST"])
def join(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ask to join, or answer the call for partners (?appel=1)."""
    alliance = get_alliance(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not perms.can_request_to_join(request.user, alliance):
        messages.info(request, "Vous êtes déjà membre de cette alliance.")
        return redirect(alliance)
    answers_call = request.GET.get("appel") == "1" or request.POST.get("appel") == "1"
    if answers_call and request.method == "GET" and not alliance.call_is_open:
        # An old link (a feed, an email): say so before the person writes an answer.
        messages.info(request, "L'appel à partenaires de cette alliance est clos.")
        return redirect(alliance)
    verified = integrations.verified_organisations(request.user)
    form = JoinRequestForm(
        request.POST or None,
        initial={"organisation_name": verified[0].name[:200] if verified else request.user.organisation_name},
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
    context = {"alliance": alliance, "form": form, "answers_call": answers_call, "verified": verified}
    return render(request, "partnerships/join.html", context)


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
def organisation_picker(request: AuthenticatedHttpRequest) -> HttpResponse:
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
