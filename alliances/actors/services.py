"""Writes to the directory: create organisations, claims, declared fields, contact messages."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from alliances.accounts.enums import Role
from alliances.accounts.selectors import verified_emails
from alliances.actors import perms
from alliances.actors.domains import domain_of_email, domain_of_url, email_on_domain, proves_nothing
from alliances.actors.enums import (
    ClaimMethod,
    ClaimStatus,
    CollectiviteRole,
    ListingStatus,
    OrganisationKind,
    Source,
    ThemeScheme,
)
from alliances.actors.indexing import organisation_reindex
from alliances.actors.models import (
    CollectiviteDomain,
    CollectiviteLink,
    ContactMessage,
    Organisation,
    OrganisationClaim,
    Theme,
)
from alliances.actors.sdg_mapping import sdgs_for_themes
from alliances.actors.themes import NAF_SECTIONS, RNA_FAMILIES, naf_theme_code
from alliances.core.emails import email_send
from alliances.core.permissions import Forbidden

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
    listing: str = ListingStatus.LISTED,
    **fields: Any,
) -> Organisation:
    """Create an organisation entered on the platform (not from a register).

    `listing=ListingStatus.PENDING`: typed in a form, it stays out of the directory until a moderator lists it.
    """
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
        listing=listing,
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


CLAIM_CONFIRMATION_DAYS = 7
_CLAIM_SALT = "alliances.actors.claim"


def organisation_domain(organisation: Organisation) -> str:
    """The domain of the organisation's website that an address must be on to prove a link ("" if none fits)."""
    domain = domain_of_url(organisation.shown_website)
    return "" if proves_nothing(domain) else domain


def claim_token(claim: OrganisationClaim) -> str:
    return signing.dumps({"c": claim.pk, "e": claim.proof_email}, salt=_CLAIM_SALT)


def _claim_approve(claim: OrganisationClaim, *, method: str, by: User | None) -> None:
    claim.status, claim.method = ClaimStatus.APPROVED, method
    claim.decided_by, claim.decided_at = by, timezone.now()
    claim.save(update_fields=["status", "method", "decided_by", "decided_at", "decision_note"])
    claim.organisation.members.add(claim.user)


@transaction.atomic
def organisation_claim(
    *, organisation: Organisation, user: User, message: str = "", proof_email: str = "", base_url: str = ""
) -> OrganisationClaim:
    """Ask to speak for an organisation (the same flow for every entry, demo ones included).

    The proof, in order: the account's confirmed address is on the organisation's domain (approved
    at once); an address on that domain (`proof_email`) receives a confirmation link; otherwise a
    moderator decides, told by email.
    """
    if organisation.members.filter(pk=user.pk).exists():
        raise ActorsError("Vous gérez déjà cette organisation.")
    if organisation.claims.filter(user=user, status=ClaimStatus.PENDING).exists():
        raise ActorsError("Votre demande est déjà en attente de validation.")
    message, proof_email = (message or "").strip(), (proof_email or "").strip().lower()
    domain = organisation_domain(organisation)
    if proof_email and not (domain and email_on_domain(proof_email, domain)):
        raise ActorsError(
            f"L'adresse doit se terminer par « @{domain} », le domaine du site de l'organisation."
            if domain
            else "Le site de l'organisation ne permet pas de vérifier une adresse : expliquez votre lien "
            "avec elle, un modérateur vérifiera."
        )
    own = next((e for e in verified_emails(user) if domain and email_on_domain(e, domain)), "")
    if not message and not proof_email and not own:
        raise ActorsError("Expliquez en une phrase votre lien avec l'organisation.")
    claim = OrganisationClaim.objects.create(
        organisation=organisation, user=user, message=message, proof_email=own or proof_email
    )
    if own:
        _claim_approve(claim, method=ClaimMethod.DOMAIN, by=None)
        return claim
    if proof_email:
        link = base_url.rstrip("/") + reverse("actors:claim_confirm", kwargs={"token": claim_token(claim)})
        subject = f"Confirmez votre lien avec « {organisation.name} »"
        body = (
            f"Bonjour,\n\n{user.public_name} demande à gérer la fiche « {organisation.name} » et a donné cette "
            f"adresse comme preuve.\n\nSi c'est bien vous, ouvrez ce lien (connecté·e à votre compte) dans les "
            f"{CLAIM_CONFIRMATION_DAYS} jours :\n{link}\n\nSinon, ignorez ce message : rien ne sera fait."
        )
        transaction.on_commit(lambda: email_send(subject=subject, body=body, to=[proof_email]))
        return claim
    recipients = _moderator_emails()
    if recipients:
        subject = f"Demande de rattachement : {organisation.name}"
        body = (
            f"{user.public_name} demande à gérer la fiche « {organisation.name} ».\n\n"
            f"Son message : {message}\n\nÀ valider dans l'espace de modération : {reverse('actors:claims')}"
        )
        transaction.on_commit(lambda: email_send(subject=subject, body=body, to=recipients))
    return claim


def claim_from_token(token: str) -> OrganisationClaim:
    """The pending claim of a confirmation link; raise ActorsError (French) when it cannot be used."""
    try:
        payload = signing.loads(token, salt=_CLAIM_SALT, max_age=datetime.timedelta(days=CLAIM_CONFIRMATION_DAYS))
    except signing.SignatureExpired as error:
        raise ActorsError("Ce lien de confirmation a expiré : refaites la demande depuis la fiche.") from error
    except signing.BadSignature as error:
        raise ActorsError("Ce lien de confirmation n'est pas valide.") from error
    claim = (
        OrganisationClaim.objects.select_related("organisation")
        .filter(pk=payload.get("c"), proof_email=payload.get("e"))
        .first()
    )
    if claim is None or claim.status != ClaimStatus.PENDING:
        raise ActorsError("Cette demande a déjà été traitée ou n'existe plus.")
    return claim


@transaction.atomic
def claim_confirm(*, token: str, by: User) -> OrganisationClaim:
    """The link sent to the address on the organisation's domain was opened by the claimant: approve."""
    claim = claim_from_token(token)
    claim = OrganisationClaim.objects.select_for_update().select_related("organisation").get(pk=claim.pk)
    if claim.user_id != by.pk:
        raise Forbidden("Ce lien confirme la demande d'un autre compte : connectez-vous avec celui qui l'a faite.")
    if claim.status != ClaimStatus.PENDING:
        raise ActorsError("Cette demande a déjà été traitée.")
    _claim_approve(claim, method=ClaimMethod.DOMAIN, by=None)
    return claim


@transaction.atomic
def claim_decide(*, claim: OrganisationClaim, by: User, approve: bool, note: str = "") -> OrganisationClaim:
    """Approve (the user becomes a member of the organisation) or reject a pending claim."""
    perms.require_moderator(by)
    claim = OrganisationClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimStatus.PENDING:
        raise ActorsError("Cette demande a déjà été traitée.")
    claim.decision_note = note.strip()
    organisation = claim.organisation
    if approve:
        _claim_approve(claim, method=ClaimMethod.MODERATOR, by=by)
        subject = f"Vous gérez maintenant la fiche « {organisation.name} »"
        body = (
            f"Bonjour,\n\nVotre demande a été acceptée : vous pouvez compléter la présentation de "
            f"« {organisation.name} » : {organisation.get_absolute_url()}"
        )
    else:
        claim.status, claim.decided_by, claim.decided_at = ClaimStatus.REJECTED, by, timezone.now()
        claim.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        subject = f"Votre demande concernant « {organisation.name} »"
        body = f"Bonjour,\n\nVotre demande n'a pas été acceptée.{' Motif : ' + claim.decision_note if claim.decision_note else ''}"
    email = claim.user.email
    transaction.on_commit(lambda: email_send(subject=subject, body=body, to=[email]))
    return claim


# --- Organisations typed in a form: out of the directory until a moderator lists them ------


@transaction.atomic
def organisation_listing_decide(*, organisation: Organisation, by: User, approve: bool) -> Organisation:
    """List a typed organisation in the directory, or keep it out for good (its alliances keep their link)."""
    perms.require_moderator(by)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.listing != ListingStatus.PENDING:
        raise ActorsError("Cette organisation a déjà été examinée.")
    organisation.listing = ListingStatus.LISTED if approve else ListingStatus.REFUSED
    organisation.save(update_fields=["listing", "updated_at"])
    organisation_reindex(organisation)
    return organisation


# --- Collectivités: an agent or an élu, verified by a moderator or by a recorded domain -------

COLLECTIVITE_KINDS = ("commune", "epci", "departement", "region")


@transaction.atomic
def collectivite_link_request(*, user: User, territory: Territory, role: str, message: str = "") -> CollectiviteLink:
    """Say one works for a collectivité. Approved at once when a confirmed address of the account is on
    a domain a moderator recorded for it; otherwise a moderator decides."""
    if territory.kind not in COLLECTIVITE_KINDS:
        raise ActorsError("Choisissez une commune, une intercommunalité, un département ou une région.")
    if role not in CollectiviteRole.values:
        raise ActorsError("Indiquez si vous êtes agent ou élu·e.")
    existing = CollectiviteLink.objects.filter(
        user=user, territory=territory, status__in=[ClaimStatus.PENDING, ClaimStatus.APPROVED]
    ).first()
    if existing is not None:
        raise ActorsError(
            "Vous êtes déjà rattaché·e à cette collectivité."
            if existing.status == ClaimStatus.APPROVED
            else "Votre demande pour cette collectivité est déjà en attente de validation."
        )
    link = CollectiviteLink.objects.create(user=user, territory=territory, role=role, message=(message or "").strip())
    domains = set(CollectiviteDomain.objects.filter(territory=territory).values_list("domain", flat=True))
    if any(email_on_domain(email, domain) for email in verified_emails(user) for domain in domains):
        link.status, link.method, link.decided_at = ClaimStatus.APPROVED, ClaimMethod.DOMAIN, timezone.now()
        link.save(update_fields=["status", "method", "decided_at"])
        return link
    recipients = _moderator_emails()
    if recipients:
        subject = f"Rattachement à une collectivité : {territory.name}"
        body = (
            f"{user.public_name} se déclare {link.get_role_display().lower()} de {territory.name}.\n\n"
            f"À valider dans l'espace de modération : {reverse('actors:claims')}"
        )
        transaction.on_commit(lambda: email_send(subject=subject, body=body, to=recipients))
    return link


@transaction.atomic
def collectivite_link_decide(
    *, link: CollectiviteLink, by: User, approve: bool, note: str = "", trust_domain: bool = False
) -> CollectiviteLink:
    """Approve or reject a pending link; with `trust_domain`, the domain of the account's address is
    recorded for the collectivité, so that its next agents are verified at once."""
    perms.require_moderator(by)
    link = CollectiviteLink.objects.select_for_update().select_related("user", "territory").get(pk=link.pk)
    if link.status != ClaimStatus.PENDING:
        raise ActorsError("Cette demande a déjà été traitée.")
    domain = domain_of_email(link.user.email)
    if approve and trust_domain and proves_nothing(domain):
        raise ActorsError(f"« {domain} » est une messagerie ouverte à tous : ce domaine ne prouve rien.")
    link.status = ClaimStatus.APPROVED if approve else ClaimStatus.REJECTED
    link.method = ClaimMethod.MODERATOR if approve else ""
    link.decided_by, link.decided_at, link.decision_note = by, timezone.now(), note.strip()
    link.save(update_fields=["status", "method", "decided_by", "decided_at", "decision_note"])
    if approve and trust_domain:
        CollectiviteDomain.objects.get_or_create(territory=link.territory, domain=domain, defaults={"recorded_by": by})
    status = "acceptée" if approve else "refusée"
    subject = f"Votre rattachement à {link.territory.name}"
    body = f"Bonjour,\n\nVotre demande de rattachement à {link.territory.name} a été {status}."
    if link.decision_note:
        body += f" Motif : {link.decision_note}"
    email = link.user.email
    transaction.on_commit(lambda: email_send(subject=subject, body=body, to=[email]))
    return link


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
