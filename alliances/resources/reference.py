"""Reference rows of the resource centre (steps, themes, axes, `editeur` group).

A migration creates them; `ensure_reference_data()` recreates whatever is missing, for a
database that was flushed (transactional tests) before the demo is loaded.
"""

from django.contrib.auth.models import Group, Permission

from alliances.resources.enums import ASSESSMENT_AXES, EDITOR_GROUP, THEMES, Step
from alliances.resources.models import AssessmentAxis, MethodStep, Theme

EDITED_MODELS = ["resource", "resourcelink", "kitstep", "kittool", "event", "registration", "theme", "assessmentaxis"]


def ensure_reference_data() -> None:
    for position, (code, _label) in enumerate(Step.choices, start=1):
        MethodStep.objects.get_or_create(code=code, defaults={"position": position})
    for code, label in THEMES:
        Theme.objects.get_or_create(code=code, defaults={"label": label})
    for slug, label in ASSESSMENT_AXES:
        AssessmentAxis.objects.get_or_create(slug=slug, defaults={"label": label})
    group, created = Group.objects.get_or_create(name=EDITOR_GROUP)
    if created:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="resources", content_type__model__in=EDITED_MODELS
            ).exclude(content_type__model="registration", codename__startswith="add_")
        )
