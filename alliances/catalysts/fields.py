"""A model field holding several choices as ",a,b," text, so that both SQLite and PostgreSQL
can filter on one value with a plain LIKE (`contains=",a,"`), without JSON lookups."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import Combinable
from django.utils.text import capfirst


class MultipleChoiceField(models.CharField):
    # What django-stubs' plugin reads to type the attribute: a list of choices, not CharField's text
    # (hence the ignores: the override narrows on purpose).
    _pyi_private_set_type: list[str] | tuple[str, ...] | str | Combinable  # type: ignore[assignment]
    _pyi_private_get_type: list[str]  # type: ignore[assignment]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, list | tuple):
            return list(value)
        return [part for part in value.split(",") if part]

    def get_prep_value(self, value):
        if isinstance(value, str):
            # Already-encoded values come from lookups such as contains=",x,".
            return value
        values = self.to_python(value)
        return f",{','.join(values)}," if values else ""

    def validate(self, value, model_instance):
        if not self.editable:
            return
        allowed = {str(key) for key, _ in self.choices or []}
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise ValidationError(f"Valeur inconnue : {', '.join(unknown)}.")
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def value_to_string(self, obj):
        return ",".join(self.value_from_object(obj))

    def formfield(self, **kwargs):
        # Not CharField.formfield: that would build a single-choice field.
        options = {
            "choices": self.choices,
            "required": not self.blank,
            "widget": forms.CheckboxSelectMultiple,
            "label": capfirst(self.verbose_name),
            "help_text": self.help_text,
        }
        options.update({k: v for k, v in kwargs.items() if k in {"widget", "label", "help_text", "required"}})
        return forms.TypedMultipleChoiceField(**options)
