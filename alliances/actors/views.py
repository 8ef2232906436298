"""Pages of the directory: list with search and filters, organisation page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliances.accounts.http import AuthenticatedHttpRequest
from alliances.actors import need, perms, selectors, services
from alliances.actors.enums import ClaimStatus
from alliances.actors.forms import (
    ClaimForm,
    CollectiviteLinkForm,
    ContactForm,
    DeclaredFieldsForm,
    DirectoryFilterForm,
    NeedSearchForm,
)
from alliances.actors.hooks import need_form_section
from alliances.actors.models import CollectiviteLink, Organisation, OrganisationClaim
from alliances.core.extensions import need_sections, organisation_sections
from alliances.core.fields import MESSAGE_MAX_LENGTH
from alliances.core.http import HtmxHttpRequest
from alliances.territories.forms import with_readable_territory
from alliances.territories.selectors import territory_label

PAGE_SIZE = 25
# Most organisations a list pages through (400 pages): a deeper page costs a scan of every row
# before it, and nobody reads 1.9 million names in order; the page asks to refine instead.
LIST_LIMIT = 10_000


class DirectoryPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return min(super().count, LIST_LIMIT)


def _get_organisation(pk: int) -> Organisation:
    try:
        return selectors.organisation_get(pk)
    except Organisation.DoesNotExist as error:
        raise Http404("Organisation introuvable") from error


@require_GET
def organisation_list(request: HtmxHttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(with_readable_territory(request.GET) or None)
    filters = form.to_filters()
    query = request.GET.copy()
    query.pop("page", None)
    question = form.territory_question()
    if question is not None:
        # A territory that does not resolve is asked back, never silently dropped from the filters.
        choices = []
        for territory in question.candidates:
            choice = query.copy()
            choice["territoire"] = territory_label(territory)
            choices.append((territory_label(territory), choice.urlencode()))
        context = {"form": form, "filters": filters, "question": question, "choices": choices}
    else:
        results = selectors.organisations_search(filters)
        page = DirectoryPaginator(results, PAGE_SIZE).get_page(  # type: ignore[arg-type]  # sliceable, counted
            request.GET.get("page")
        )
        context = {"form": form, "filters": filters, "results": results, "page": page, "querystring": query.urlencode()}
    if not request.htmx:
        context["need_section"] = need_form_section(territory=filters.territory).context
    template = "actors/partials/results.html" if request.htmx else "actors/list.html"
    return render(request, template, context)


@require_GET
def organisation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _get_organisation(pk)
    user = request.user
    context = {
        "organisation": organisation,
        "can_edit": perms.can_edit(user, organisation),
        "is_member": perms.has_verified_link(user, organisation.pk),
        "can_claim": _can_claim(organisation, user),
        "claim_pending": user.is_authenticated
        and organisation.claims.filter(user=user, status=ClaimStatus.PENDING).exists(),
        "can_contact": organisation.accepts_contact and organisation.members.exists(),
        # Blocks other apps add to the page (its public alliances…), through core.extensions.
        "sections": organisation_sections(request, organisation),
    }
    return render(request, "actors/detail.html", context)


def _can_claim(organisation: Organisation, user) -> bool:
    """The same flow for every entry, demo ones included (one link per account)."""
    return user.is_authenticated and not organisation.members.filter(pk=user.pk).exists()


@login_required
@require_http_methods(["GET", "POST"])
def organisation_claim(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _get_organisation(pk)
    domain = services.organisation_domain(organisation)
    form = ClaimForm(request.POST or None, domain=domain)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.organisation_claim(
                organisation=organisation,
                user=request.user,
                message=form.cleaned_data["message"],
                proof_email=form.cleaned_data.get("proof_email") or "",
                base_url=request.build_absolute_uri("/"),
            )
        except services.ActorsError as error:
            form.add_error(None, str(error))
        else:
            if claim.status == ClaimStatus.APPROVED:
                messages.success(request, "Lien vérifié : votre adresse est sur le domaine de l'organisation.")
            elif claim.proof_email:
                messages.success(
                    request, f"Un lien de confirmation a été envoyé à {claim.proof_email} : ouvrez-le pour vérifier."
                )
            else:
                messages.success(
                    request, "Demande envoyée : un modérateur va l'examiner, vous serez prévenu·e par courriel."
                )
            return redirect(organisation)
    return render(request, "actors/claim.html", {"organisation": organisation, "form": form, "domain": domain})


@login_required
@require_http_methods(["GET", "POST"])
def claim_confirm(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The link sent to the address on the organisation's domain: a button confirms (never a GET alone)."""
    try:
        claim = services.claim_from_token(token)
    except services.ActorsError as error:
        return render(request, "actors/claim_confirm.html", {"error": str(error)}, status=400)
    if request.method == "POST":
        try:
            services.claim_confirm(token=token, by=request.user)
        except services.ActorsError as error:
            return render(request, "actors/claim_confirm.html", {"error": str(error)}, status=400)
        messages.success(request, f"Lien vérifié : vous êtes rattaché·e à « {claim.organisation.name} ».")
        return redirect("space:home")
    return render(request, "actors/claim_confirm.html", {"claim": claim})


@login_required
@require_GET
def claims(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The moderators' queue of links: claims, collectivités, organisations typed in a form."""
    perms.require_moderator(request.user)
    context = {
        "claims": selectors.pending_claims(),
        "links": selectors.pending_collectivite_links(),
        "organisations": selectors.pending_organisations(),
    }
    return render(request, "actors/claims.html", context)


@login_required
@require_POST
def collectivite_link_decide(request: AuthenticatedHttpRequest, link_id: int) -> HttpResponse:
    link = get_object_or_404(CollectiviteLink.objects.select_related("territory"), pk=link_id)
    approve = request.POST.get("decision") == "accepter"
    try:
        services.collectivite_link_decide(
            link=link,
            by=request.user,
            approve=approve,
            note=request.POST.get("motif", "")[:MESSAGE_MAX_LENGTH],
            trust_domain=bool(request.POST.get("domaine")),
        )
    except services.ActorsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Rattachement {'accepté' if approve else 'refusé'} : {link.territory.name}.")
    return redirect("actors:claims")


@login_required
@require_POST
def organisation_listing_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    approve = request.POST.get("decision") == "publier"
    try:
        services.organisation_listing_decide(organisation=organisation, by=request.user, approve=approve)
    except services.ActorsError as error:
        messages.error(request, str(error))
    else:
        verdict = "ajoutée à l'annuaire" if approve else "laissée hors de l'annuaire"
        messages.success(request, f"Organisation {verdict} : {organisation.name}.")
    return redirect("actors:claims")


@login_required
@require_http_methods(["GET", "POST"])
def collectivite_link(request: AuthenticatedHttpRequest) -> HttpResponse:
    """« Je travaille pour une collectivité » : agent or élu, verified by a moderator or by a recorded domain."""
    form = CollectiviteLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link = services.collectivite_link_request(
                user=request.user,
                territory=form.cleaned_data["territoire"],
                role=form.cleaned_data["role"],
                message=form.cleaned_data["message"],
            )
        except services.ActorsError as error:
            form.add_error(None, str(error))
        else:
            if link.status == ClaimStatus.APPROVED:
                messages.success(request, f"Lien vérifié : vous êtes rattaché·e à {link.territory.name}.")
            else:
                messages.success(request, "Demande envoyée : un modérateur va la vérifier.")
            return redirect("space:home")
    return render(request, "actors/collectivite_link.html", {"form": form})


@login_required
@require_POST
def claim_decide(request: AuthenticatedHttpRequest, claim_id: int) -> HttpResponse:
    claim = get_object_or_404(OrganisationClaim, pk=claim_id)
    approve = request.POST.get("decision") == "accepter"
    try:
        # The field's limit (the database refuses longer); the page's input already stops there.
        note = request.POST.get("motif", "")[:MESSAGE_MAX_LENGTH]
        services.claim_decide(claim=claim, by=request.user, approve=approve, note=note)
    except services.ActorsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Demande {'acceptée' if approve else 'refusée'} : {claim.organisation.name}.")
    return redirect("actors:claims")


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _get_organisation(pk)
    perms.require_edit(request.user, organisation)
    form = DeclaredFieldsForm(request.POST or None, instance=Organisation.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in DeclaredFieldsForm.Meta.fields}
        services.organisation_update_declared(organisation=organisation, by=request.user, data=data)
        messages.success(request, "Présentation enregistrée.")
        return redirect(organisation)
    return render(request, "actors/edit.html", {"organisation": organisation, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_contact(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _get_organisation(pk)
    initial = {"sender_name": request.user.public_name, "sender_email": request.user.email}
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_contact(organisation=organisation, sender=request.user, **form.cleaned_data)
        except services.ActorsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Message transmis à l'organisation. Sa réponse arrivera dans votre messagerie.")
            return redirect(organisation)
    return render(request, "actors/contact.html", {"organisation": organisation, "form": form})


@require_GET
def organisations_by_need(request: HttpRequest) -> HttpResponse:
    """« Décrivez votre besoin » : the organisations around a territory that can act on a need, with why;
    then the practices and catalysts relevant to it (other apps' need_sections)."""
    form = NeedSearchForm(with_readable_territory(request.GET) or None)
    found, scope, sections = None, None, []
    if form.is_valid():
        territory, text = form.cleaned_data["territoire"], form.cleaned_data["besoin"]
        scope = need.need_scope(territory)
        found = need.organisations_by_need(need=text, territory=scope, origin=territory)
        sections = need_sections(request, need=text, territory=territory)
    context = {"form": form, "found": found, "scope": scope, "sections": sections}
    return render(request, "actors/need.html", context)
