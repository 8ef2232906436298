"""Pages of the catalysts' network: finder, profile, contact, the catalyst's space, moderation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from alliances.accounts.enums import Role
from alliances.accounts.http import AuthenticatedHttpRequest
from alliances.catalysts import perms, selectors, services
from alliances.catalysts.enums import ProfileStatus, RequestStatus
from alliances.catalysts.forms import ContactForm, DeclineForm, FinderForm, ModerationForm, ProfileForm
from alliances.catalysts.models import CatalystProfile, ContactRequest
from alliances.territories.forms import with_readable_territory

PAGE_SIZE = 20


@require_GET
def finder(request: HttpRequest) -> HttpResponse:
    form = FinderForm(with_readable_territory(request.GET) or None)
    criteria = selectors.FinderCriteria()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        criteria = selectors.FinderCriteria(
            territory=data["territoire"],
            metier=data["metier"],
            theme=data["theme"],
            sdg=data["odd"],
            available_only=data["disponible"],
        )
    results = selectors.catalysts_find(criteria) if not form.errors else []
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalysts/finder.html",
        {
            "form": form,
            "criteria": criteria,
            "page": page,
            "count": len(results),
            "querystring": query.urlencode(),
        },
    )


@require_GET
def network(request: HttpRequest) -> HttpResponse:
    regions = selectors.network_by_region()
    totals = selectors.network_totals()
    return render(
        request,
        "catalysts/network.html",
        {
            "regions": regions,
            "total": sum(totals.values()),
            "totals": totals,
            "max_count": max((r.count for r in regions), default=0),
        },
    )


def _visible_or_own(request: HttpRequest, pk: int) -> CatalystProfile:
    try:
        return selectors.catalyst_get_visible(pk)
    except CatalystProfile.DoesNotExist:
        own = CatalystProfile.objects.filter(pk=pk).first()
        if own is None or not perms.can_view_profile(request.user, own):
            raise Http404("Catalyseur introuvable") from None
        return own


@require_GET
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    profile = _visible_or_own(request, pk)
    return render(
        request,
        "catalysts/detail.html",
        {
            "profile": profile,
            "territories": sorted(
                profile.territories.all(), key=lambda t: ["region", "departement", "epci", "commune"].index(t.kind)
            ),
            "is_own": profile.user_id == request.user.pk,
        },
    )


@login_required
def contact(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        profile = selectors.catalyst_get_visible(pk)
    except CatalystProfile.DoesNotExist:
        raise Http404("Catalyseur introuvable") from None
    initial = {}
    if request.GET.get("territoire"):
        initial["territory"] = with_readable_territory(request.GET)["territoire"][:200]
    form = ContactForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.contact_request_create(
                    sender=request.user,
                    catalyst=profile,
                    subject=form.cleaned_data["subject"],
                    message=form.cleaned_data["message"],
                    territory=form.cleaned_data["territory"],
                    consent_share=form.cleaned_data["consent_share"],
                    site_url=request.build_absolute_uri("/"),
                )
            except services.RequestLimitReached as error:
                form.add_error(None, str(error))
                status = 429
            except services.CatalystError as error:
                form.add_error(None, str(error))
                status = 400
            else:
                messages.success(
                    request, f"Votre demande a été transmise à {profile.name}. Vous la retrouvez dans votre espace."
                )
                return redirect("catalysts:space")
        else:
            status = 400
    return render(request, "catalysts/contact.html", {"profile": profile, "form": form}, status=status)


@login_required
def space(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = CatalystProfile.objects.filter(user=request.user).first()
    return render(
        request,
        "catalysts/space.html",
        {
            "profile": profile,
            "is_catalyst": request.user.has_role(Role.CATALYST),
            "received": list(selectors.requests_received(profile)) if profile else [],
            "sent": list(selectors.requests_sent(request.user)),
            "decline_form": DeclineForm(),
        },
    )


@login_required
def profile_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_role(Role.CATALYST):
        return render(request, "catalysts/not_catalyst.html", status=403)
    profile = CatalystProfile.objects.filter(user=request.user).first() or CatalystProfile(
        user=request.user,
        name=request.user.display_name,
        organisation_name=request.user.organisation_name,
        languages=["fr"],
    )
    is_new = profile.pk is None
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.catalyst_profile_save(
                profile=form.save(commit=False),
                by=request.user,
                photo_upload=form.cleaned_data.get("photo"),
                remove_photo=bool(form.cleaned_data.get("remove_photo")),
                territories=form.cleaned_data["territories"],
                sdgs=form.cleaned_data["sdgs"],
            )
        except services.CatalystError as error:
            form.add_error(None, str(error))
        else:
            if is_new:
                messages.success(
                    request, "Votre profil est enregistré : il sera visible dès qu'un modérateur l'aura validé."
                )
            else:
                messages.success(request, "Votre profil a été enregistré.")
            return redirect("catalysts:space")
    return render(
        request,
        "catalysts/profile_form.html",
        {"form": form, "profile": profile, "is_new": is_new},
        status=400 if form.errors else 200,
    )


def _request_for(request: AuthenticatedHttpRequest, pk: int) -> ContactRequest:
    return get_object_or_404(
        ContactRequest.objects.select_related("catalyst", "sender", "territory").filter(
            Q(catalyst__user=request.user) | Q(sender=request.user)
        ),
        pk=pk,
    )


@login_required
@require_GET
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact_request = _request_for(request, pk)
    return render(
        request,
        "catalysts/request_detail.html",
        {
            "contact_request": contact_request,
            "is_catalyst": contact_request.catalyst.user_id == request.user.pk,
            "decline_form": DeclineForm(),
        },
    )


@login_required
@require_POST
def request_answer(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    contact_request = _request_for(request, pk)
    try:
        if action == "accepter":
            services.contact_request_accept(request=contact_request, by=request.user)
            messages.success(
                request, "Demande acceptée : vos coordonnées respectives vous ont été envoyées par courriel."
            )
        elif action == "decliner":
            form = DeclineForm(request.POST)
            if not form.is_valid():
                raise services.CatalystError(
                    "Écrivez quelques mots à l'auteur de la demande pour expliquer votre refus."
                )
            services.contact_request_decline(
                request=contact_request, by=request.user, message=form.cleaned_data["response_message"]
            )
            messages.success(request, "Demande déclinée : votre message a été transmis.")
        elif action == "clore":
            services.contact_request_close(request=contact_request, by=request.user)
            messages.success(request, "Demande close.")
        else:
            raise Http404("Action inconnue")
    except services.CatalystError as error:
        messages.error(request, str(error))
    return redirect("catalysts:request", pk=contact_request.pk)


@login_required
def moderation(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not perms.is_moderator(request.user):
        return render(request, "catalysts/not_moderator.html", status=403)
    status = 200
    if request.method == "POST":
        form = ModerationForm(request.POST)
        if form.is_valid():
            profile, approve = form.cleaned_data["profile"], form.cleaned_data["decision"] == "valider"
            services.catalyst_profile_moderate(profile=profile, by=request.user, approve=approve)
            messages.success(request, f"Profil de {profile.name} {'validé' if approve else 'refusé'}.")
            return redirect("catalysts:moderation")
        messages.error(request, "Décision incomplète : choisissez un profil de la liste et « Valider » ou « Refuser ».")
        status = 400
    return render(
        request,
        "catalysts/moderation.html",
        {
            "pending": selectors.pending_profiles(),
            "statuses": ProfileStatus,
            "RequestStatus": RequestStatus,
        },
        status=status,
    )
