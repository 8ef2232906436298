"""Who may do what on self-assessments: predicates shared by the app's services and views.

Answers are their participants' only; results are also read by everyone once made public, and by
staff (support). Anything else is `Hidden` (404): an assessment's existence is private.
"""

from __future__ import annotations

from alliances.assessment.models import Assessment
from alliances.core.permissions import Hidden, is_anonymous


def is_participant(user, assessment: Assessment) -> bool:
    return not is_anonymous(user) and assessment.participants.filter(user=user).exists()


def can_view_results(user, assessment: Assessment) -> bool:
    if assessment.is_public or (not is_anonymous(user) and user.is_staff):
        return True
    return is_participant(user, assessment)


def can_set_visibility(user, assessment: Assessment) -> bool:
    """Only the person who started it decides whether its scores are shown on the territory's page."""
    return not is_anonymous(user) and assessment.created_by_id == user.pk


def require_results(user, assessment: Assessment) -> Assessment:
    if not can_view_results(user, assessment):
        raise Hidden("Autodiagnostic introuvable.")
    return assessment
