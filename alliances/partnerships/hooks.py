"""Contributions of the partnerships app to shared pages: territory page section, global search."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from alliances.core.extensions import SearchGroup, SearchResult, TerritorySection
from alliances.partnerships.models import Alliance, Invitation
from alliances.partnerships.selectors import public_alliances_of, public_alliances_of_organisation


def territory_sections(request, territory) -> list[TerritorySection]:
    alliances = list(public_alliances_of(territory)[:10])
    return [
        TerritorySection(
            template="partnerships/territory_section.html",
            context={
                "alliances": alliances,
                "territory": territory,
                "list_url": reverse("partnerships:dashboard") + f"?territoire={territory.ref}",
            },
            order=60,
        )
    ]


def organisation_sections(request, organisation) -> list[TerritorySection]:
    """The organisation's public alliances, on its page of the directory (nothing when there is none)."""
    alliances = list(public_alliances_of_organisation(organisation.pk)[:21])
    if not alliances:
        return []
    return [
        TerritorySection(
            template="partnerships/organisation_section.html",
            context={"alliances": alliances[:20], "more": len(alliances) > 20, "organisation": organisation},
            order=60,
        )
    ]


def search_results(query: str, *, limit: int) -> SearchGroup | None:
    query = query.strip()
    if len(query) < 3:
        return None
    alliances = (
        Alliance.objects.public()
        .filter(Q(title__icontains=query) | Q(problem__icontains=query) | Q(themes__icontains=query))
        .select_related("territory")[:limit]
    )
    results = [
        SearchResult(a.title, a.get_absolute_url(), f"{a.territory} — {a.get_step_display()}", a.is_demo)
        for a in alliances
    ]
    if not results:
        return None
    return SearchGroup("Alliances", results, order=60)


def forget_user(user, *, email: str) -> None:
    """A deleted account's address leaves the invitations sent to it or accepted by it (RGPD)."""
    Invitation.objects.filter(Q(accepted_by=user) | Q(email__iexact=email)).update(email="")
