"""Writes of the self-assessment: load the referential, start, join, answer, complete."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from django.db import transaction
from django.utils import timezone

from alliances.assessment import perms
from alliances.assessment.enums import Mode
from alliances.assessment.models import Answer, Assessment, Participant, Referential
from alliances.assessment.referential import ReferentialData, parse_referential, referential_files
from alliances.assessment.scoring import compute_results
from alliances.partnerships.models import Alliance
from alliances.partnerships.perms import is_member
from alliances.territories.models import Territory

if TYPE_CHECKING:
    from alliances.accounts.models import User


class AssessmentError(Exception):
    """A business rule was broken; the message is French and shown to the user."""


class ReferentialChanged(AssessmentError):
    pass


class UnknownQuestion(AssessmentError):
    pass


class IncompleteAnswers(AssessmentError):
    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(f"Il reste {len(missing)} question(s) sans réponse.")


class InvalidInvitation(AssessmentError):
    pass


@dataclass(frozen=True)
class LoadResult:
    version: int
    created: bool
    updated: bool


@transaction.atomic
def referential_load(*, paths: list[Path] | None = None) -> list[LoadResult]:
    """Store each referential file; a version already used by an assessment can never change."""
    results = []
    for path in paths or referential_files():
        text = path.read_text(encoding="utf-8")
        data = parse_referential(text)
        checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
        raw = yaml.safe_load(text)  # kept as JSON: past versions stay readable as they were
        existing = Referential.objects.filter(version=data.version).first()
        if existing is None:
            Referential.objects.create(version=data.version, title=data.title, data=raw, checksum=checksum)
            results.append(LoadResult(data.version, created=True, updated=False))
        elif existing.checksum == checksum:
            results.append(LoadResult(data.version, created=False, updated=False))
        elif existing.assessments.exists():
            raise ReferentialChanged(
                f"{path.name} : la version {data.version} a déjà servi à des autodiagnostics et ne peut plus "
                f"changer. Publiez vos modifications dans une nouvelle version (version: {data.version + 1})."
            )
        else:
            existing.title, existing.data, existing.checksum = data.title, raw, checksum
            existing.save(update_fields=["title", "data", "checksum"])
            results.append(LoadResult(data.version, created=False, updated=True))
    return results


@transaction.atomic
def assessment_start(
    *,
    territory: Territory,
    by: User,
    mode: str = Mode.SOLO,
    is_public: bool = False,
    alliance: Alliance | None = None,
    referential: Referential | None = None,
) -> Assessment:
    """Open a new assessment of a territory on the current referential; its creator is its first participant.

    For an alliance, only its members may start one, and it is always answered as a group.
    """
    from alliances.assessment.selectors import referential_current

    if alliance is not None:
        if alliance.is_deleted or not is_member(by, alliance):
            raise AssessmentError("Seuls les membres de l'alliance peuvent lancer son autodiagnostic.")
        mode = Mode.GROUP
    assessment = Assessment.objects.create(
        territory=territory,
        referential=referential or referential_current(),
        mode=mode,
        is_public=is_public,
        alliance=alliance,
        created_by=by,
    )
    Participant.objects.create(assessment=assessment, user=by)
    return assessment


@transaction.atomic
def assessment_join(*, assessment: Assessment, token: str, by: User) -> Participant:
    """Add a member to a group assessment through its invitation link, or as a member of its alliance.

    Joining twice is harmless.
    """
    alliance_member = assessment.alliance is not None and is_member(by, assessment.alliance)
    if assessment.mode != Mode.GROUP or (token != assessment.invite_token and not alliance_member):
        raise InvalidInvitation(
            "Ce lien d'invitation n'est pas valable : demandez-en un nouveau à la personne qui a lancé l'autodiagnostic."
        )
    participant, _ = Participant.objects.get_or_create(assessment=assessment, user=by)
    return participant


def _check_question(referential: ReferentialData, question_id: str, level: int | None) -> None:
    if question_id not in referential.questions:
        raise UnknownQuestion(
            f"Question inconnue dans la version {referential.version} du référentiel : {question_id}."
        )
    if level is not None and level not in (1, 2, 3, 4):
        raise AssessmentError("Choisissez un niveau de 1 à 4, ou « je ne sais pas ».")


@transaction.atomic
def answers_save(*, participant: Participant, answers: dict[str, int | None]) -> int:
    """Record several answers at once (the form submitted without JavaScript)."""
    referential = participant.assessment.referential.parsed
    for question_id, level in answers.items():
        _check_question(referential, question_id, level)
    for question_id, level in answers.items():
        Answer.objects.update_or_create(participant=participant, question_id=question_id, defaults={"level": level})
    if participant.completed_at and answers:
        assessment_recompute(assessment=participant.assessment)
    return len(answers)


@transaction.atomic
def participant_complete(*, participant: Participant) -> Assessment:
    """Close a participant's questionnaire once every question has an answer (« je ne sais pas » counts)."""
    referential = participant.assessment.referential.parsed
    answered = set(participant.answers.values_list("question_id", flat=True))
    missing = [qid for qid in referential.questions if qid not in answered]
    if missing:
        raise IncompleteAnswers(missing)
    now = timezone.now()
    if participant.completed_at is None:
        participant.completed_at = now
        participant.save(update_fields=["completed_at"])
    assessment = participant.assessment
    if assessment.completed_at is None:
        assessment.completed_at = now
        assessment.save(update_fields=["completed_at"])
    return assessment_recompute(assessment=assessment)


def assessment_recompute(*, assessment: Assessment) -> Assessment:
    """Refresh the stored axis scores from the answers of the participants who finished."""
    from alliances.assessment.selectors import completed_answers

    results = compute_results(assessment.referential.parsed, completed_answers(assessment))
    assessment.scores = results.scores
    assessment.overall_score = None if results.overall_score is None else round(results.overall_score, 1)
    assessment.save(update_fields=["scores", "overall_score"])
    return assessment


@transaction.atomic
def assessment_set_visibility(*, assessment: Assessment, is_public: bool, by: User) -> Assessment:
    if not perms.can_set_visibility(by, assessment):
        raise AssessmentError("Seule la personne qui a lancé l'autodiagnostic peut changer sa visibilité.")
    assessment.is_public = is_public
    assessment.save(update_fields=["is_public"])
    return assessment
