"""Form fields shared by every app: one-line text that refuses line breaks and control characters.

A title, a subject or a name is one line: it becomes an email subject, a heading, a CSV cell, a
paragraph of the convention. A line break typed (or pasted) into it is refused at the form with
a clear message, instead of failing later, after the data is saved. Every single-line CharField
of a form goes through `validate_one_line`: declared ones as `OneLineCharField`, those a
ModelForm builds from the model through `Meta.formfield_callback = one_line_formfield`
(tests/core/test_forms.py checks every form of the project).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


def validate_one_line(value: str) -> None:
    """Refuse a line break or another control character (vertical tab, NUL…) in a one-line field."""
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in str(value)):
        raise ValidationError(
            "Ce champ tient sur une seule ligne : retirez les retours à la ligne et les caractères invisibles "
            "(tabulations, caractères de contrôle).",
            code="one_line",
        )


class OneLineCharField(forms.CharField):
    """A CharField whose value must fit on one line."""

    default_validators = [validate_one_line]


def is_one_line_field(field: forms.Field) -> bool:
    """A text field shown as a one-line input (not a textarea): it must refuse line breaks.

    Email addresses and URLs are left to their own validators, whose format has no whitespace at all.
    """
    return (
        isinstance(field, forms.CharField)
        and not isinstance(field, (forms.EmailField, forms.URLField))
        and not isinstance(field.widget, forms.Textarea)
    )


def one_line_formfield(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """`Meta.formfield_callback` of a ModelForm: the model's one-line text fields refuse line breaks."""
    field = db_field.formfield(**kwargs)
    if field is not None and is_one_line_field(field) and validate_one_line not in field.validators:
        field.validators.append(validate_one_line)
    return field
