"""The directory's contributions to shared pages: a section on territory pages, a search group."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse

from alliances.actors import selectors
from alliances.actors.enums import OrganisationStatus
from alliances.actors.models import ContactMessage, Organisation
from alliances.core.extensions import SearchGroup, SearchResult, TerritorySection
from alliances.territories.enums import TerritoryKind

# Organisations listed on a commune's page (beyond, the directory link takes over).
SECTION_LIST_SIZE = 12


def need_form_section(*, territory=None, order: int = 20) -> TerritorySection:
    """The « Décrivez votre besoin » form, its territory filled in when known (portrait, home page)."""
    from alliances.actors.forms import NeedSearchForm

    initial = {"territoire": territory} if territory is not None else {}
    return TerritorySection(
        template="actors/partials/need_form.html",
        context={"form": NeedSearchForm(initial=initial), "territory": territory},
        order=order,
    )


def home_sections(request) -> list[TerritorySection]:
    return [need_form_section(order=5)]


def territory_sections(request, territory) -> list[TerritorySection]:
    if territory.kind == TerritoryKind.REGION:
        return []
    counts = selectors.directory_counts_cached(territory)
    organisations = []
    if territory.kind == TerritoryKind.COMMUNE and counts.as_of:
        # A big commune: the first active organisations by name, as the nightly refresh found them
        # (without re-sorting its tens of thousands of organisations); still active ones only.
        organisations = list(
            selectors.with_list_data(
                Organisation.objects.filter(pk__in=counts.sample, status=OrganisationStatus.ACTIVE).listed()
            ).order_by("name", "id")
        )
    elif territory.kind == TerritoryKind.COMMUNE and counts.total:
        organisations = list(
            selectors.organisations_search(selectors.DirectoryFilters(territory=territory, active_only=True))[
                :SECTION_LIST_SIZE
            ]
        )
    list_url = reverse("actors:list") + "?" + urlencode({"territoire": territory.ref})
    return [
        need_form_section(territory=territory),
        TerritorySection(
            template="actors/partials/territory_section.html",
            context={"territory": territory, "counts": counts, "organisations": organisations, "list_url": list_url},
            order=30,
        ),
    ]


def refresh_aggregates() -> str:
    """Nightly, with the observatory's refresh: store the directory's counts of big territories."""
    from alliances.actors.counts import directory_counts_refresh

    return f"annuaire : décomptes de {directory_counts_refresh()} territoires de plus de 2 000 organisations"


def search_results(query: str, *, limit: int) -> SearchGroup | None:
    page = selectors.organisations_search(selectors.DirectoryFilters(q=query, sort="pertinence"))
    organisations = list(page[:limit])
    return SearchGroup(
        label="Acteurs",
        order=20,
        results=[
            SearchResult(
                title=o.name,
                url=o.get_absolute_url(),
                description=" · ".join(
                    filter(
                        None,
                        [
                            o.get_kind_display(),
                            o.commune.name if o.commune else "",
                            "" if o.is_active else o.get_status_display(),
                        ],
                    )
                ),
                is_demo=o.is_demo,
            )
            for o in organisations
        ],
        more_url=reverse("actors:list") + "?" + urlencode({"q": query}) if organisations else "",
    )


def forget_user(user, *, email: str) -> None:
    """A deleted account's address leaves the messages it sent to organisations (RGPD)."""
    ContactMessage.objects.filter(Q(sender=user) | Q(sender_email__iexact=email)).update(sender_email="")
