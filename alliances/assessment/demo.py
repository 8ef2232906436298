"""Demo self-assessments (fictional, labelled as such) in small communes of Lozère.

Six comparable communes let the peer benchmark appear for Lanuéjols, which also has an
earlier assessment (to see what progressed) and a group assessment (to see agreement).
Every person is invented; the communes are real, the answers are not.
"""

from __future__ import annotations

import random
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from alliances.assessment import services
from alliances.assessment.enums import Mode
from alliances.assessment.models import Assessment, Participant
from alliances.assessment.selectors import referential_current
from alliances.territories.models import Territory

DEMO_EMAIL_DOMAIN = "autodiagnostic.demo.invalid"
PARIS = ZoneInfo("Europe/Paris")
TARGET = "48081"  # Lanuéjols (Lozère), fewer than 500 inhabitants

# (email local part, invented display name, organisation)
PEOPLE = [
    ("maelle.roussel", "Maëlle Roussel", "Mairie (adjointe à la vie locale)"),
    ("bastien.ferrand", "Bastien Ferrand", "Association Les Chemins du Causse"),
    ("ines.valadier", "Inès Valadier", "Atelier Valadier, menuiserie"),
    ("roland.bessiere", "Roland Bessière", "Mairie (maire)"),
    ("odile.chabert", "Odile Chabert", "Mairie (secrétaire de mairie)"),
    ("yanis.delmas", "Yanis Delmas", "Foyer rural"),
    ("capucine.rieu", "Capucine Rieu", "Mairie (conseillère municipale)"),
    ("gaston.pelat", "Gaston Pelat", "Mairie (maire)"),
    ("lea.montel", "Léa Montel", "Mairie (adjointe)"),
]

# (territory code, people indexes, date, mode, public, profile: mean level per axis)
ASSESSMENTS = [
    (TARGET, [0], datetime(2024, 11, 14, 18, 0, tzinfo=PARIS), Mode.SOLO, True, (1.4, 1.8, 1.3, 1.2, 1.1, 1.0)),
    (TARGET, [0, 1, 2], datetime(2026, 10, 8, 18, 30, tzinfo=PARIS), Mode.GROUP, True, (2.4, 2.8, 2.0, 1.8, 1.4, 1.5)),
    ("48148", [3], datetime(2026, 3, 2, 10, 0, tzinfo=PARIS), Mode.SOLO, False, (2.0, 2.5, 2.0, 1.5, 1.5, 1.5)),
    ("48089", [4], datetime(2026, 4, 21, 14, 0, tzinfo=PARIS), Mode.SOLO, False, (1.8, 2.0, 1.5, 1.4, 1.2, 1.3)),
    ("48050", [5], datetime(2026, 5, 12, 9, 30, tzinfo=PARIS), Mode.SOLO, False, (2.6, 3.0, 2.4, 2.2, 1.8, 2.0)),
    ("48155", [6], datetime(2026, 6, 3, 17, 0, tzinfo=PARIS), Mode.SOLO, False, (2.2, 2.2, 1.8, 2.6, 1.6, 1.4)),
    ("48194", [7], datetime(2026, 9, 15, 11, 0, tzinfo=PARIS), Mode.SOLO, False, (1.6, 1.9, 1.6, 1.2, 1.3, 1.1)),
    ("48056", [8], datetime(2026, 10, 1, 16, 0, tzinfo=PARIS), Mode.SOLO, False, (3.0, 2.7, 2.6, 2.0, 2.2, 2.4)),
]


def _demo_user(index: int):
    local, name, organisation = PEOPLE[index]
    user, _ = get_user_model().objects.get_or_create(
        email=f"{local}@{DEMO_EMAIL_DOMAIN}",
        defaults={"display_name": name, "organisation_name": organisation, "is_demo": True},
    )
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _answers(rng: random.Random, questions_by_axis, profile, spread: float) -> dict[str, int | None]:
    answers: dict[str, int | None] = {}
    for axis_questions, mean_level in zip(questions_by_axis, profile, strict=True):
        for question in axis_questions:
            if rng.random() < 0.06:
                answers[question.id] = None  # « je ne sais pas »
                continue
            answers[question.id] = max(1, min(4, round(mean_level + rng.uniform(-spread, spread))))
    return answers


@transaction.atomic
def load_demo() -> int:
    referential = referential_current()
    questions_by_axis = [axis.questions for axis in referential.parsed.axes]
    created = 0
    for code, people, when, mode, public, profile in ASSESSMENTS:
        territory = Territory.objects.current_communes().filter(code=code).first()
        if territory is None:
            continue  # the referential of territories is not loaded (or not this département)
        if Assessment.objects.filter(is_demo=True, territory=territory, created_at=when).exists():
            continue
        users = [_demo_user(i) for i in people]
        assessment = services.assessment_start(
            territory=territory, by=users[0], mode=mode, is_public=public, referential=referential
        )
        Assessment.objects.filter(pk=assessment.pk).update(is_demo=True, created_at=when)
        rng = random.Random(f"{code}-{when:%Y%m%d}")
        for number, user in enumerate(users):
            participant = Participant.objects.get_or_create(assessment=assessment, user=user)[0]
            # Group members see things differently: that is what the agreement table shows.
            shifted = (
                tuple(level + (number - 1) * 0.5 * (i % 2) for i, level in enumerate(profile))
                if len(users) > 1
                else profile
            )
            services.answers_save(participant=participant, answers=_answers(rng, questions_by_axis, shifted, 0.6))
            services.participant_complete(participant=participant)
        Participant.objects.filter(assessment=assessment).update(joined_at=when, completed_at=when)
        Assessment.objects.filter(pk=assessment.pk).update(completed_at=when)
        created += 1
    return created


@transaction.atomic
def remove_demo() -> int:
    count = Assessment.objects.filter(is_demo=True).count()
    Assessment.objects.filter(is_demo=True).delete()
    get_user_model().objects.filter(is_demo=True, email__endswith=f"@{DEMO_EMAIL_DOMAIN}").delete()
    return count
