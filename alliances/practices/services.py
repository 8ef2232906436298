"""Writes on practices: drafts, the guided contribution, moderation, revisions, attachments, corrections.

Each function is one business operation in a transaction. Side effects (emails) run after
the commit; the search index is written inside the transaction, so a practice is findable
as soon as the request that published it returns, and never before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from alliances.accounts.enums import Role
from alliances.core.emails import email_send
from alliances.core.permissions import Forbidden
from alliances.core.uploads import IMAGES, MIME_TYPES, reencode_image, validate_upload
from alliances.practices import perms
from alliances.practices.enums import CorrectionStatus, PartnerRole, Status
from alliances.practices.models import (
    CorrectionProposal,
    Practice,
    PracticeAttachment,
    PracticeEvent,
    PracticePartner,
    PracticeRevision,
)
from alliances.practices.search import index_practice, unindex_practice

if TYPE_CHECKING:
    from alliances.accounts.models import User
    from alliances.practices.importers.practices_json import ImportProblem, PracticeEntry

RICH_FIELDS = ("problem", "actions", "results", "impact_organisations", "impact_innovation", "impact_trust", "lessons")
EDITABLE_FIELDS = (
    "title",
    "summary",
    "fragilities",
    "form",
    "partnership_types",
    "mecenat_kinds",
    "sdg_targets",
    "started_on",
    "ended_on",
    "stage",
    "budget_band",
    "funding_sources",
    "links",
    *RICH_FIELDS,
)
MAX_ATTACHMENT_SIZE = 5 * 1024 * 1024
MAX_ATTACHMENTS = 10


class PracticeError(Exception):
    """A business rule refused the operation; the message is French and meant for the user."""


# Refusals are `alliances.core.permissions.Forbidden` (403) or `Hidden` (404), raised by perms.py.
NotAllowed = Forbidden


class InvalidTransition(PracticeError):
    pass


@dataclass(frozen=True)
class PartnerInput:
    name: str
    role: str = PartnerRole.OTHER
    organisation_id: int | None = None  # an actors.Organisation, when the partner is in the directory


# --- drafts -------------------------------------------------------------------------------


def _clean_fields(fields: dict) -> dict:
    """Refuse unknown fields and texts over their limit; texts are stored as typed (sanitised when rendered)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise PracticeError(f"Champs inconnus : {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        field = cast(models.Field, Practice._meta.get_field(name))  # editable fields are concrete
        if field.max_length and isinstance(value, str) and len(value) > field.max_length:
            limit, length = (f"{n:,}".replace(",", "\u202f") for n in (field.max_length, len(value)))
            raise PracticeError(f"« {field.verbose_name} » : {limit} caractères au plus ({length} saisis).")
    return fields


def _set_partners(practice: Practice, partners: Iterable[PartnerInput | dict]) -> None:
    practice.partners.all().delete()
    rows = []
    for position, partner in enumerate(partners):
        if isinstance(partner, dict):
            organisation = partner.get("organisation")
            partner = PartnerInput(
                name=partner.get("name") or (organisation.name if organisation else ""),
                role=partner.get("role") or PartnerRole.OTHER,
                organisation_id=organisation.pk if organisation else partner.get("organisation_id"),
            )
        name = partner.name.strip()
        if name:
            rows.append(
                PracticePartner(
                    practice=practice,
                    name=name[:200],
                    role=partner.role,
                    position=position,
                    organisation_id=partner.organisation_id,
                )
            )
    PracticePartner.objects.bulk_create(rows)


@transaction.atomic
def practice_create_draft(*, contributor: User, title: str, summary: str = "", is_demo: bool = False) -> Practice:
    """Start a practice (step 1 of the guided form); nothing is public until a moderator publishes it."""
    practice = Practice.objects.create(
        title=title.strip(), summary=summary.strip(), contributor=contributor, is_demo=is_demo
    )
    PracticeEvent.objects.create(practice=practice, status=Status.DRAFT, actor=contributor)
    return practice


@transaction.atomic
def practice_save_draft(
    *,
    practice: Practice,
    by: User,
    fields: dict[str, Any],
    step: int | None = None,
    territories: Iterable | None = None,
    sdgs: Iterable | None = None,
    partners: Iterable[PartnerInput | dict] | None = None,
) -> Practice:
    """Save one step of the guided form. A moderator editing a published practice republishes it (new revision)."""
    perms.require_edit(by, practice)
    for name, value in _clean_fields(fields).items():
        setattr(practice, name, value)
    if step is not None:
        practice.draft_step = max(practice.draft_step, step)
    practice.save()
    if territories is not None:
        practice.territories.set(territories)
    if sdgs is not None:
        practice.sdgs.set(sdgs)
    if partners is not None:
        _set_partners(practice, partners)
    if practice.is_published:
        _write_revision(practice, by)
        index_practice(practice)
    return practice


@transaction.atomic
def practice_create_draft_from(
    *,
    title: str,
    summary: str,
    problem: str,
    actions: str,
    results: str,
    territories: Iterable,
    sdgs: Iterable,
    partners: Iterable[PartnerInput | dict],
    contributor: User,
    source_alliance_id: int | None = None,
) -> Practice:
    """Turn an alliance (or any other source) into a draft practice that its contributor completes and submits.

    `territories`: Territory objects; `sdgs`: Sdg objects or SDG numbers; `partners`: PartnerInput or
    dicts {"name": ..., "role": PartnerRole value, "organisation": Organisation | None}. Called by the
    partnerships app ("capitaliser"); the draft belongs to `contributor`, who completes and submits it.
    """
    practice = practice_create_draft(contributor=contributor, title=title, summary=summary)
    practice.source_alliance_id = source_alliance_id
    practice.save(update_fields=["source_alliance_id"])
    return practice_save_draft(
        practice=practice,
        by=contributor,
        fields={"problem": problem, "actions": actions, "results": results},
        territories=list(territories),
        sdgs=list(sdgs),
        partners=list(partners),
    )


# --- moderation ---------------------------------------------------------------------------


def missing_for_submission(practice: Practice) -> list[str]:
    """What a contributor must still fill before submitting (French, one item per missing piece)."""
    missing = []
    if not practice.title.strip():
        missing.append("le titre")
    if len(practice.summary.strip()) < 40:
        missing.append("un résumé d'au moins 40 caractères")
    if not practice.territories.exists():
        missing.append("au moins un territoire")
    if not practice.fragilities:
        missing.append("au moins une fragilité traitée")
    if not practice.actions.strip():
        missing.append("ce qui a été fait")
    if not practice.form:
        missing.append("la forme de co-construction")
    return missing


def _moderator_emails() -> list[str]:
    users = get_user_model().objects.filter(groups__name=Role.MODERATOR.value, is_active=True)
    return sorted(set(users.values_list("email", flat=True)))


def _absolute(path: str) -> str:
    return getattr(settings, "ALLIANCES_BASE_URL", "").rstrip("/") + path


@transaction.atomic
def practice_submit(*, practice: Practice, by: User) -> Practice:
    perms.require_submit(by, practice)
    if practice.status not in (Status.DRAFT, Status.RETURNED):
        raise InvalidTransition("Cette pratique a déjà été soumise.")
    missing = missing_for_submission(practice)
    if missing:
        raise PracticeError("Avant de soumettre, complétez : " + ", ".join(missing) + ".")
    practice.status = Status.SUBMITTED
    practice.submitted_at = timezone.now()
    practice.save(update_fields=["status", "submitted_at", "updated_at"])
    PracticeEvent.objects.create(practice=practice, status=Status.SUBMITTED, actor=by)
    recipients = _moderator_emails()
    if recipients:
        url = _absolute(reverse("practices:moderation"))
        transaction.on_commit(
            lambda: email_send(
                subject=f"Pratique à modérer : {practice.title}",
                body=f"Une pratique vient d'être soumise : « {practice.title} ».\nFile de modération : {url}\n",
                to=recipients,
            )
        )
    return practice


def _snapshot(practice: Practice) -> dict:
    data = {name: getattr(practice, name) for name in EDITABLE_FIELDS}
    for name in ("started_on", "ended_on"):
        data[name] = data[name].isoformat() if data[name] else None
    data["territories"] = [t.ref for t in practice.territories.all()]
    data["sdgs"] = sorted(practice.sdgs.values_list("pk", flat=True))
    data["partners"] = [
        {"name": p.name, "role": p.role, "organisation_id": p.organisation_id} for p in practice.partners.all()
    ]
    return data


def _write_revision(practice: Practice, by: User | None) -> PracticeRevision:
    last = practice.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    return PracticeRevision.objects.create(
        practice=practice, number=last + 1, snapshot=_snapshot(practice), published_by=by if by and by.pk else None
    )


def _notify_contributor(practice: Practice, subject: str, body: str) -> None:
    email = practice.contributor.email
    if email and not practice.is_demo:
        transaction.on_commit(lambda: email_send(subject=subject, body=body, to=[email]))


@transaction.atomic
def practice_publish(*, practice: Practice, by: User) -> Practice:
    """Publish a submitted practice: revision written, indexed in the same transaction, contributor told."""
    perms.require_moderator(by)
    if practice.status not in (Status.SUBMITTED, Status.RETURNED, Status.DRAFT):
        raise InvalidTransition("Seule une pratique soumise peut être publiée.")
    practice.status = Status.PUBLISHED
    practice.published_at = practice.published_at or timezone.now()
    practice.moderator_comment = ""
    practice.save(update_fields=["status", "published_at", "moderator_comment", "updated_at"])
    PracticeEvent.objects.create(practice=practice, status=Status.PUBLISHED, actor=by)
    _write_revision(practice, by)
    index_practice(practice)
    _notify_contributor(
        practice,
        f"Votre pratique est publiée : {practice.title}",
        f"Merci ! « {practice.title} » est en ligne : {_absolute(practice.get_absolute_url())}\n",
    )
    return practice


@transaction.atomic
def practice_publish_demo(*, practice: Practice, published_at: datetime) -> Practice:
    """Publish a demo practice (is_demo only) without moderation: revision and index as for a real one."""
    if not practice.is_demo:
        raise PracticeError("Seules les pratiques de démonstration se publient sans modération.")
    practice.status = Status.PUBLISHED
    practice.published_at = published_at
    practice.save(update_fields=["status", "published_at", "updated_at"])
    _write_revision(practice, None)
    index_practice(practice)
    return practice


@transaction.atomic
def practice_return(*, practice: Practice, by: User, comment: str) -> Practice:
    """Send a practice back to its contributor with what to change."""
    perms.require_moderator(by)
    if not comment.strip():
        raise PracticeError("Expliquez au contributeur ce qu'il doit reprendre.")
    if practice.status != Status.SUBMITTED:
        raise InvalidTransition("Seule une pratique soumise peut être renvoyée.")
    practice.status = Status.RETURNED
    practice.moderator_comment = comment.strip()
    practice.save(update_fields=["status", "moderator_comment", "updated_at"])
    PracticeEvent.objects.create(practice=practice, status=Status.RETURNED, actor=by, comment=comment.strip())
    _notify_contributor(
        practice,
        f"Votre pratique est à reprendre : {practice.title}",
        f"La modération vous demande de reprendre « {practice.title} » :\n\n{comment.strip()}\n\n"
        f"{_absolute(reverse('practices:edit', kwargs={'pk': practice.pk, 'step': 1}))}\n",
    )
    return practice


@transaction.atomic
def practice_reject(*, practice: Practice, by: User, comment: str) -> Practice:
    perms.require_moderator(by)
    if not comment.strip():
        raise PracticeError("Indiquez la raison du refus.")
    if practice.status not in (Status.SUBMITTED, Status.PUBLISHED):
        raise InvalidTransition("Seule une pratique soumise ou publiée peut être refusée.")
    practice.status = Status.REJECTED
    practice.moderator_comment = comment.strip()
    practice.save(update_fields=["status", "moderator_comment", "updated_at"])
    PracticeEvent.objects.create(practice=practice, status=Status.REJECTED, actor=by, comment=comment.strip())
    unindex_practice(practice)
    _notify_contributor(
        practice,
        f"Votre pratique n'a pas été retenue : {practice.title}",
        f"La modération n'a pas retenu « {practice.title} » :\n\n{comment.strip()}\n",
    )
    return practice


# --- attachments --------------------------------------------------------------------------

ATTACHMENT_KINDS = ("pdf", "png", "jpeg", "webp")
_EXTENSIONS = {"pdf": "pdf", "png": "png", "jpeg": "jpg", "webp": "webp"}


@transaction.atomic
def practice_add_attachment(*, practice: Practice, by: User, file: UploadedFile, title: str = "") -> PracticeAttachment:
    """Attach a PDF or an image, checked by its content (not its name) and its size."""
    perms.require_edit(by, practice)
    if practice.attachments.count() >= MAX_ATTACHMENTS:
        raise PracticeError(f"Une pratique a au plus {MAX_ATTACHMENTS} pièces jointes.")
    try:
        kind = validate_upload(file, accept=ATTACHMENT_KINDS, max_bytes=MAX_ATTACHMENT_SIZE)
        stored = ContentFile(reencode_image(file)) if kind in IMAGES else file
    except ValidationError as error:
        raise PracticeError(" ".join(error.messages)) from error
    stem = "".join(c for c in (file.name or "fichier").rsplit(".", 1)[0] if c.isalnum() or c in "-_")[:60] or "fichier"
    attachment = PracticeAttachment(
        practice=practice,
        title=(title or file.name or "Pièce jointe")[:200],
        content_type=MIME_TYPES[kind],
        size=stored.size or 0,
    )
    attachment.file.save(f"{stem}.{_EXTENSIONS[kind]}", stored, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def practice_remove_attachment(*, attachment: PracticeAttachment, by: User) -> None:
    perms.require_edit(by, attachment.practice)
    attachment.file.delete(save=False)
    attachment.delete()


# --- corrections and contact ----------------------------------------------------------------


@transaction.atomic
def correction_propose(*, practice: Practice, author: User, text: str) -> CorrectionProposal:
    """The contributor, a partner or any member proposes a correction; moderators apply it."""
    if not practice.is_published:
        raise PracticeError("On ne peut proposer une correction que sur une pratique publiée.")
    if not text.strip():
        raise PracticeError("Décrivez la correction proposée.")
    proposal = CorrectionProposal.objects.create(practice=practice, author=author, text=text.strip()[:5000])
    recipients = _moderator_emails()
    if recipients:
        transaction.on_commit(
            lambda: email_send(
                subject=f"Correction proposée : {practice.title}",
                body=f"{author.public_name} propose une correction de « {practice.title} » :\n\n{proposal.text}\n",
                to=recipients,
            )
        )
    return proposal


@transaction.atomic
def correction_close(*, proposal: CorrectionProposal, by: User, accepted: bool) -> CorrectionProposal:
    perms.require_moderator(by)
    proposal.status = CorrectionStatus.ACCEPTED if accepted else CorrectionStatus.DISMISSED
    proposal.save(update_fields=["status"])
    return proposal


def practice_contact(*, practice: Practice, sender_name: str, sender_email: str, message: str) -> None:
    """Forward a visitor's message to the contributor; the contributor's address is never shown."""
    if not practice.is_published:
        raise PracticeError("Cette pratique n'est pas publiée.")
    if practice.is_demo:
        raise PracticeError("Cette pratique est un exemple fictif : personne ne recevrait votre message.")
    email_send(
        subject=f"Message à propos de « {practice.title} »",
        body=f"{sender_name} ({sender_email}) vous écrit à propos de votre pratique :\n\n{message}\n\n"
        "Répondez directement à cette personne ; la plateforme ne lui a pas communiqué votre adresse.",
        to=[practice.contributor.email],
        reply_to=[sender_email],
    )


# --- import -------------------------------------------------------------------------------


@dataclass
class ImportReport:
    created: int = 0
    skipped: int = 0
    problems: list[ImportProblem] = field(default_factory=list)


class _DryRun(Exception):
    pass


def practice_import(
    *, entries: list[PracticeEntry], contributor: User, publish: bool = False, dry_run: bool = False
) -> ImportReport:
    """Create practices from parsed import entries, each in its own savepoint: a bad one never blocks the others.

    A practice whose title already exists for the same contributor is skipped (a second run creates nothing).
    Published directly with `publish` (the operator vouches for its base), otherwise left to moderation.
    """
    from alliances.practices.importers.practices_json import ImportProblem
    from alliances.sdg.models import Sdg
    from alliances.territories.models import Territory
    from alliances.territories.selectors import territory_get

    report = ImportReport()
    existing = set(Practice.objects.filter(contributor=contributor).values_list("title", flat=True))
    sdgs = {s.pk: s for s in Sdg.objects.all()}
    try:
        with transaction.atomic():
            for entry in entries:
                if entry.title in existing:
                    report.skipped += 1
                    continue
                try:
                    territories = [territory_get(ref) for ref in entry.territories]
                except Territory.DoesNotExist as error:
                    report.problems.append(ImportProblem(entry.position, entry.title, str(error)))
                    continue
                with transaction.atomic():
                    practice = practice_create_draft(contributor=contributor, title=entry.title, summary=entry.summary)
                    practice_save_draft(
                        practice=practice,
                        by=contributor,
                        fields=entry.fields,
                        step=6,
                        territories=territories,
                        sdgs=[sdgs[n] for n in entry.sdgs],
                        partners=entry.partners,
                    )
                    practice.status = Status.SUBMITTED
                    practice.submitted_at = timezone.now()
                    practice.save(update_fields=["status", "submitted_at"])
                    if publish:
                        practice_publish(practice=practice, by=contributor)
                existing.add(entry.title)
                report.created += 1
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report
