"""Factories of the self-assessment tests."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from alliances.assessment import services
from alliances.assessment.selectors import referential_current
from alliances.territories.models import Territory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    email = factory.Sequence(lambda n: f"membre{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Membre {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, password="motdepasse-solide-42", **kwargs)


def commune(code: str) -> Territory:
    return Territory.objects.current_communes().get(code=code)


def all_answers(level: int | None) -> dict[str, int | None]:
    return {qid: level for qid in referential_current().parsed.questions}


def completed_assessment(
    territory: Territory, *, level: int | None = 2, answers: dict | None = None, by=None, **kwargs
):
    """An assessment answered by one participant and finished."""
    by = by or UserFactory()
    assessment = services.assessment_start(territory=territory, by=by, **kwargs)
    participant = assessment.participants.get()
    services.answers_save(participant=participant, answers={**all_answers(level), **(answers or {})})
    services.participant_complete(participant=participant)
    assessment.refresh_from_db()
    return assessment
