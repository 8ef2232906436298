"""Bounded texts: the maximum length of every text a person writes, and the field that enforces it.

A `TextField(max_length=…)` of Django only sizes the form field: neither model validation nor the
database checks it, so a service, a command or the admin could store 9 MB in a practice. A
`BoundedTextField` is checked three times: by the form (`maxlength` and a validator), by model
validation, and by a CHECK constraint that it adds to its model (`LENGTH(column) <= max_length`,
counted in characters on SQLite and PostgreSQL alike), which closes every other way in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length

# The limits, in characters. A rich text (Markdown shown on a page: a practice's problem, a guide)
# of 20,000 characters is about eight printed pages, and renders in a few hundredths of a second.
RICH_TEXT_MAX_LENGTH = 20_000
# A long plain text of a workspace (objectives, governance, meeting minutes).
LONG_TEXT_MAX_LENGTH = 20_000
# A message, a note, a comment, a description of one item.
MESSAGE_MAX_LENGTH = 5_000
# A webinar transcript (an hour of speech is about 60,000 characters).
TRANSCRIPT_MAX_LENGTH = 100_000
# A postal address or a place.
ADDRESS_MAX_LENGTH = 500


class LengthCheck(models.CheckConstraint):
    """The CHECK constraint of a `BoundedTextField`.

    Model validation does not run it: the field's MaxLengthValidator checks the same rule without a
    query (a CheckConstraint validates itself with one query per constraint and per form).
    """

    def validate(self, *args: Any, **kwargs: Any) -> None:
        return None


class BoundedTextField(models.TextField):
    """A TextField whose `max_length` is enforced by the form, model validation and the database."""

    # The column type does not depend on the limit (the constraint does): changing it must not make
    # SQLite copy the whole table (the organisations' table holds the national registers).
    non_db_attrs = (*models.TextField.non_db_attrs, "max_length")

    def __init__(self, verbose_name: str | None = None, *, max_length: int, **kwargs: Any) -> None:
        kwargs["max_length"] = max_length
        super().__init__(verbose_name, **kwargs)
        self.limit = max_length
        self.validators.append(MaxLengthValidator(max_length))

    def contribute_to_class(self, cls: type[models.Model], name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        # A model rebuilt by the migrations ("__fake__") has exactly the constraints its migrations
        # added so far: the AddConstraint operations that makemigrations wrote from the lines below.
        if cls._meta.abstract or cls.__module__ == "__fake__":
            return
        condition = models.Q(**{f"{name}__length__lte": self.limit})
        constraint_name = f"{cls._meta.app_label}_{cls._meta.model_name}_{name}_len"
        constraints = [*cls._meta.constraints, LengthCheck(condition=condition, name=constraint_name)]
        cls._meta.constraints = constraints
        # The migrations read the constraints of a model from the Meta options it declared.
        cls._meta.original_attrs["constraints"] = constraints


# `LENGTH(column)` (in characters on SQLite and PostgreSQL) for the constraints above.
BoundedTextField.register_lookup(Length)


def clip_overlong_texts(app_label: str, model_limits: dict[str, dict[str, int]]) -> Callable[[Any, Any], None]:
    """A migration step that cuts texts longer than their new limit, before the CHECK constraint is added.

    Only texts stored before the limit existed can be that long (the 9 MB practice of the security
    audit): they are cut at the limit rather than making the migration fail.
    """

    def clip(apps: Any, schema_editor: Any) -> None:
        for model_name, limits in model_limits.items():
            model = apps.get_model(app_label, model_name)
            for field, limit in limits.items():
                rows = model._default_manager.annotate(_length=Length(field)).filter(_length__gt=limit)
                for pk, value in rows.values_list("pk", field).iterator():
                    model._default_manager.filter(pk=pk).update(**{field: value[:limit]})

    return clip
