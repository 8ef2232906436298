"""Form fields shared by every app: one-line text, and numbers typed the French way.

A title, a subject or a name is one line: it becomes an email subject, a heading, a CSV cell, a
paragraph of the convention. A line break typed (or pasted) into it is refused at the form with
a clear message, instead of failing later, after the data is saved. Every single-line CharField
of a form goes through `validate_one_line`: declared ones as `OneLineCharField`, those a
ModelForm builds from the model through `Meta.formfield_callback = model_formfield`
(tests/core/test_forms.py checks every form of the project).

Numbers are typed "10,5", "1 234,5" or "10.5" (see alliances.core.numbers): model forms where
people type numbers derive from `FrenchNumbersModelForm`, whose callback is the same
`model_formfield`.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from alliances.core.numbers import NumberError, format_number_input, parse_number


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


class NumberInput(forms.TextInput):
    """A text box with the phone's decimal keypad: `type="number"` lets the browser reinterpret "10,5"."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class _FrenchNumberMixin:
    widget = NumberInput

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (Decimal, float, int)) and not isinstance(value, bool):
            return format_number_input(value)
        return value

    def _parse(self, value: Any) -> Decimal | None:
        if value in self.empty_values:  # type: ignore[attr-defined]
            return None
        if isinstance(value, (Decimal, int, float)):
            return Decimal(str(value))
        try:
            return parse_number(str(value))
        except NumberError as error:
            raise ValidationError(str(error), code="invalid") from error


class FrenchDecimalField(_FrenchNumberMixin, forms.DecimalField):
    """A decimal typed as "10,5", "1 234,5" or "10.5" (see alliances.core.numbers)."""

    default_error_messages = {
        "max_digits": "Saisissez un nombre d'au plus %(max)s chiffres.",
        "max_decimal_places": "Saisissez au plus %(max)s décimales.",
        "max_whole_digits": "Saisissez au plus %(max)s chiffres avant la virgule.",
    }

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        return self._parse(value)


class FrenchFloatField(_FrenchNumberMixin, forms.FloatField):
    """A float typed the French way."""

    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        number = self._parse(value)
        return None if number is None else float(number)


class FrenchIntegerField(_FrenchNumberMixin, forms.IntegerField):
    """A whole number typed the French way ("1 234"); "10,5" is refused, "10,0" is 10."""

    widget = NumberInput

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        number = self._parse(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValidationError("Saisissez un nombre entier.", code="invalid")
        return int(number)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs["inputmode"] = "numeric"
        return attrs


_FORM_CLASSES: list[tuple[type[models.Field], type[forms.Field]]] = [
    (models.DecimalField, FrenchDecimalField),
    (models.FloatField, FrenchFloatField),
    (models.IntegerField, FrenchIntegerField),  # also the Positive*/Small/Big integer fields
]


def model_formfield(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """A model form's `formfield_callback`: French number fields, one-line text fields."""
    if not (db_field.choices or kwargs.get("widget") is forms.HiddenInput):
        for model_class, form_class in _FORM_CLASSES:
            if isinstance(db_field, model_class):
                kwargs.setdefault("form_class", form_class)
                break
    field = db_field.formfield(**kwargs)
    if field is not None and is_one_line_field(field) and validate_one_line not in field.validators:
        field.validators.append(validate_one_line)
    return field


# The names each branch of this module's history gave the same callback.
one_line_formfield = french_formfield = model_formfield


class FrenchNumbersModelForm(forms.ModelForm):
    """Base of the model forms where people type numbers: their numeric fields read French numbers."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Runs inside the metaclass, before the fields are built from Meta: a subclass's own Meta
        # (which does not inherit ours) gets the callback unless it names another one.
        meta = cls.__dict__.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(model_formfield)
        super().__init_subclass__(**kwargs)
