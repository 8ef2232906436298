"""Reads on accounts: the addresses an account has confirmed, the person's space (/mon-espace/)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress


def verified_emails(user) -> list[str]:
    """The account's addresses confirmed through allauth's link (lower case), primary first."""
    if not (user and user.is_authenticated):
        return []
    rows = EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "pk")
    return [email.lower() for email in rows.values_list("email", flat=True)]


# --- /mon-espace/: the signed-in person's home, shaped by who they are -------------------------
# It reads from every app (their selectors, imported here when called: accounts is the base app
# the others import). Every list is limited, so the page costs a bounded number of queries
# whatever the person's history (see tests/accounts/test_space.py).

ALLIANCES_SHOWN = 10
ORGANISATIONS_SHOWN = 3


@dataclass
class OrganisationBlock:
    organisation: Any
    calls: list = field(default_factory=list)
    # The calls are those of the organisation's themes (True), or of its territory when none matches.
    calls_match_themes: bool = False
    alliances: list = field(default_factory=list)


@dataclass
class ModerationQueue:
    links: Any  # actors.selectors.LinksQueue
    practices: int = 0
    catalysts: int = 0

    @property
    def total(self) -> int:
        return self.links.total + self.practices + self.catalysts


@dataclass
class PersonalSpace:
    territory: Any = None
    territory_reason: str = ""
    collectivites: list = field(default_factory=list)
    practices: list = field(default_factory=list)
    events: list = field(default_factory=list)
    nearby_calls: list = field(default_factory=list)
    alliances: list = field(default_factory=list)
    more_alliances: bool = False
    invitations: list = field(default_factory=list)
    my_requests: list = field(default_factory=list)
    requests_to_answer: int = 0
    organisations: list[OrganisationBlock] = field(default_factory=list)
    claims_pending: list = field(default_factory=list)
    catalyst: Any = None
    catalyst_requests: list = field(default_factory=list)
    moderation: ModerationQueue | None = None


def fragilities_of_themes(labels: Iterable[str]) -> list[str]:
    """The fragility codes (the alliances' vocabulary) whose name is in one of the directory's theme
    labels: "Aide à l'emploi, développement local…" → "emploi"; "Santé" → "sante"."""
    from alliances.core.text import normalize
    from alliances.partnerships.enums import Fragility

    texts = [f" {normalize(label)} " for label in labels]
    return [code for code, name in Fragility.choices if any(f" {normalize(str(name))} " in text for text in texts)]


def _organisation_block(organisation) -> OrganisationBlock:
    from alliances.partnerships.selectors import calls_open_for, public_alliances_of_organisation

    territory = organisation.commune
    themes = fragilities_of_themes(theme.label for theme in organisation.themes.all())
    block = OrganisationBlock(organisation=organisation)
    if themes:
        block.calls = calls_open_for(territory=territory, themes=themes, limit=5)
        block.calls_match_themes = bool(block.calls)
    if not block.calls and territory is not None:
        block.calls = calls_open_for(territory=territory, limit=5)
    block.alliances = list(public_alliances_of_organisation(organisation.pk)[:5])
    return block


def personal_space(user) -> PersonalSpace:
    """Everything /mon-espace/ shows, each list limited (a bounded number of queries)."""
    from django.utils import timezone

    from alliances.accounts.perms import is_moderator
    from alliances.actors import selectors as actors
    from alliances.catalysts.models import CatalystProfile
    from alliances.partnerships.enums import MemberRole, RequestStatus
    from alliances.partnerships.models import Invitation, JoinRequest
    from alliances.partnerships.selectors import calls_open_for, my_alliances, with_link_verified
    from alliances.practices.selectors import practices_for_territory
    from alliances.resources.selectors import upcoming_events

    space = PersonalSpace()
    space.collectivites = actors.collectivite_links_of(user)
    organisations = actors.verified_organisations(user, limit=ORGANISATIONS_SHOWN)
    space.organisations = [_organisation_block(o) for o in organisations]
    space.claims_pending = actors.claims_pending_of(user)
    alliances = my_alliances(user, limit=ALLIANCES_SHOWN + 1)
    space.alliances, space.more_alliances = alliances[:ALLIANCES_SHOWN], len(alliances) > ALLIANCES_SHOWN

    verified = [link for link in space.collectivites if link.status == "approved"]
    if verified:
        space.territory, space.territory_reason = verified[0].territory, "votre collectivité"
    elif organisations and organisations[0].commune is not None:
        space.territory, space.territory_reason = organisations[0].commune, "la commune de votre organisation"
    elif space.alliances:
        space.territory, space.territory_reason = space.alliances[0].territory, "le territoire de votre alliance"
    if space.territory is not None:
        fragilities = {f for alliance in space.alliances for f in alliance.fragilities}
        space.practices = practices_for_territory(space.territory, fragilities=sorted(fragilities), limit=3)
        space.nearby_calls = calls_open_for(territory=space.territory, limit=5)
    space.events = upcoming_events(limit=3)

    space.invitations = list(
        Invitation.objects.filter(
            email__in=verified_emails(user), accepted_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("alliance")
        .order_by("expires_at")[:10]
    )
    space.my_requests = list(
        with_link_verified(JoinRequest.objects.filter(user=user, status=RequestStatus.PENDING))
        .select_related("alliance", "organisation")
        .order_by("-created_at")[:10]
    )
    space.requests_to_answer = JoinRequest.objects.filter(
        status=RequestStatus.PENDING,
        alliance__deleted_at__isnull=True,
        alliance__memberships__user=user,
        alliance__memberships__role=MemberRole.PILOT,
    ).count()

    space.catalyst = CatalystProfile.objects.filter(user=user).first()
    if space.catalyst is not None:
        space.catalyst_requests = list(space.catalyst.contact_requests.open().select_related("sender")[:5])
    if is_moderator(user):
        space.moderation = _moderation_queue()
    return space


def _moderation_queue() -> ModerationQueue:
    from alliances.actors.selectors import links_queue_counts
    from alliances.catalysts.selectors import pending_profiles
    from alliances.practices.models import Practice

    return ModerationQueue(
        links=links_queue_counts(),
        practices=Practice.objects.awaiting_moderation().count(),
        catalysts=pending_profiles().count(),
    )
