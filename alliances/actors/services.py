"""Writes to the directory: create organisations, claims, declared fields, contact messages."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from alliances.accounts.enums import Role
from alliances.actors import perms
from alliances.actors.enums import ClaimStatus, OrganisationKind, Source, ThemeScheme
from alliances.actors.indexing import organisation_reindex
from alliances.actors.models import ContactMessage, Organisation, OrganisationClaim, Theme
from alliances.actors.sdg_mapping import sdgs_for_themes
from alliances.actors.themes import NAF_SECTIONS, RNA_FAMILIES, naf_theme_code
from alliances.core.emails import email_send

if TYPE_CHECKING:
    from alliances.accounts.models import User
    from alliances.territories.models import Territory


class ActorsError(Exception):
    """A business rule of the directory was broken; the message is in French, for the user."""


def themes_ensure_builtin() -> dict[str, int]:
    """Create the built-in themes (RNA families, NAF sections) if missing; return {code: id}."""
    wanted = {code: (label, ThemeScheme.RNA) for code, label in RNA_FAMILIES.items()}
    wanted |= {naf_theme_code(s): (label, ThemeScheme.NAF) for s, label in NAF_SECTIONS.items()}
    existing = dict(Theme.objects.filter(code__in=wanted).values_list("code", "id"))
    missing = [Theme(code=c, label=label, scheme=scheme) for c, (label, scheme) in wanted.items() if c not in existing]
    if missing:
        Theme.objects.bulk_create(missing, ignore_conflicts=True)
        existing = dict(Theme.objects.filter(code__in=wanted).values_list("code", "id"))
    return existing


def organisation_set_themes(*, organisation: Organisation, theme_codes: list[str]) -> None:
    """Tag an organisation with themes (by code) and the SDGs the mapping derives from them."""
    ids = themes_ensure_builtin()
    codes = [c for c in theme_codes if c in ids]
    organisation.themes.set([ids[c] for c in codes])
    organisation.sdgs.set(sdgs_for_themes(codes))


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str,
    commune: Territory | None = None,
    created_by: User | None = None,
    theme_codes: list[str] | None = None,
    is_demo: bool = False,
    **fields: Any,
) -> Organisation:
    """Create an organisation entered on the platform (not from a register)."""
    name = (name or "").strip()
    if not name:
        raise ActorsError("Le nom de l'organisation est obligatoire.")
    if kind not in OrganisationKind.values:
        raise ActorsError(f"Type d'organisation inconnu « {kind} ».")
    organisation = Organisation(
        name=name,
        kind=kind,
        commune=commune,
        created_by=created_by,
        is_demo=is_demo,
        source=Source.DEMO if is_demo else Source.PLATFORM,
        **fields,
    )
    organisation.full_clean(exclude=["commune", "created_by", "declared_by"])
    organisation.save()
    if theme_codes:
        organisation_set_themes(organisation=organisation, theme_codes=theme_codes)
    organisation_reindex(organisation)
    return organisation


# --- Claims: a member asks to speak for an organisation, a moderator decides ---------------


def _moderator_emails() -> list[str]:
    User = get_user_model()
    return list(
        User.objects.filter(is_active=True, groups__name__in=[Role.MODERATOR.value, Role.ADMINISTRATOR.value])
        .values_list("email", flat=True)
        .distinct()
    )


@transaction.atomic
def organisation_claim(*, organisation: Organisation, user: User, message: str) -> OrganisationClaim:
    """Ask to manage an organisation's page; moderators are told by email."""
    if organisation.is_demo:
        raise ActorsError("Cette organisation est un exemple fictif : elle ne peut pas être revendiquée.")
    if organisation.members.filter(pk=user.pk).exists():
        raise ActorsError("Vous gérez déjà cette organisation.")
    if organisation.claims.filter(user=user, status=ClaimStatus.PENDING).exists():
        raise ActorsError("Votre demande est déjà en attente de validation par un modérateur.")
    message = (message or "").strip()
    if not message:
        raise ActorsError("Expliquez en une phrase votre lien avec l'organisation.")
    claim = OrganisationClaim.objects.create(organisation=organisation, user=user, message=message)
    recipients = _moderator_emails()
    if recipients:
        subject = f"Demande de rattachement : {organisation.name}"
        body = (
            f"{user.public_name} demande à gérer la fiche « {organisation.name} ».\n\n"
            f"Son message : {message}\n\nÀ valider dans l'espace de modération : {reverse('actors:claims')}"
        )
        transaction.on_commit(lambda: email_send(subject=subject, body=body, to=recipients))
    return claim


@transaction.atomic
def claim_decide(*, claim: OrganisationClaim, by: User, approve: bool, note: str = "") -> OrganisationClaim:
    """Approve (the user becomes a member of the organisation) or reject a pending claim."""
    perms.require_moderator(by)
    claim = OrganisationClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimStatus.PENDING:
        raise ActorsError("Cette demande a déjà été traitée.")
    claim.status = ClaimStatus.APPROVED if approve else ClaimStatus.REJECTED
    claim.decided_by, claim.decided_at, claim.decision_note = by, timezone.now(), note.strip()
    claim.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    organisation = claim.organisation
    if approve:
        organisation.members.add(claim.user)
        subject = f"Vous gérez maintenant la fiche « {organisation.name} »"
        body = (
            f"Bonjour,\n\nVotre demande a été acceptée : vous pouvez compléter la présentation de "
            f"« {organisation.name} » : {organisation.get_absolute_url()}"
        )
    else:
        subject = f"Votre demande concernant « {organisation.name} »"
        body = f"Bonjour,\n\nVotre demande n'a pas été acceptée.{' Motif : ' + claim.decision_note if claim.decision_note else ''}"
    email = claim.user.email
    transaction.on_commit(lambda: email_send(subject=subject, body=body, to=[email]))
    return claim


@transaction.atomic
def organisation_update_declared(*, organisation: Organisation, by: User, data: dict[str, Any]) -> Organisation:
    """Write the fields an organisation declares itself (never touched by a register import)."""
    perms.require_edit(by, organisation)
    unknown = set(data) - set(DECLARED_FIELDS)
    if unknown:
        raise ActorsError(f"Champs non modifiables : {', '.join(sorted(unknown))}.")
    for name, value in data.items():
        setattr(organisation, name, value)
    organisation.declared_updated_at = timezone.now()
    organisation.declared_by = by
    organisation.full_clean(exclude=["commune", "created_by", "declared_by"])
    organisation.save()
    organisation_reindex(organisation)
    return organisation


DECLARED_FIELDS = [
    "description",
    "declared_website",
    "offers_skills",
    "offers_premises",
    "offers_volunteers",
    "offers_funding",
    "offers_details",
    "accepts_contact",
]
CONTACT_DAILY_LIMIT = 10


@transaction.atomic
def organisation_contact(
    *, organisation: Organisation, sender: User | None, sender_name: str, sender_email: str, subject: str, body: str
) -> ContactMessage:
    """Send a message to an organisation's members; their addresses stay private (reply goes to the sender)."""
    if not organisation.accepts_contact:
        raise ActorsError("Cette organisation ne souhaite pas être contactée par la plateforme.")
    recipients = list(organisation.members.filter(is_active=True).values_list("email", flat=True))
    if not recipients:
        raise ActorsError(
            "Aucun membre de cette organisation n'est encore inscrit : le message ne peut pas être transmis."
        )
    since = timezone.now() - datetime.timedelta(days=1)
    if (
        sender is not None
        and ContactMessage.objects.filter(sender=sender, created_at__gte=since).count() >= CONTACT_DAILY_LIMIT
    ):
        raise ActorsError(f"Vous avez envoyé {CONTACT_DAILY_LIMIT} messages en 24 heures : réessayez demain.")
    message = ContactMessage.objects.create(
        organisation=organisation,
        sender=sender,
        sender_name=sender_name.strip(),
        sender_email=sender_email.strip(),
        subject=subject.strip(),
        body=body.strip(),
        recipients_count=len(recipients),
    )
    subject = f"[{organisation.name}] {message.subject}"
    body = (
        f"{message.sender_name} vous écrit par la plateforme Alliances en territoire :\n\n{message.body}\n\n"
        "Répondez directement à ce courriel pour lui répondre."
    )
    transaction.on_commit(
        lambda: email_send(subject=subject, body=body, to=recipients, reply_to=[message.sender_email])
    )
    return message
