"""Every one-line text field of every form refuses line breaks (issue 24, finding 4)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms

import alliances
from alliances.core.forms import OneLineCharField, is_one_line_field, validate_one_line


def _project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(alliances.__path__, "alliances."):
        if module.name.rsplit(".", 1)[-1] in ("forms", "views", "account_views"):
            importlib.import_module(module.name)
    found, pending = [], [forms.BaseForm]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("alliances.") and hasattr(cls, "base_fields"):
            found.append(cls)
    return found


def test_every_one_line_field_of_every_form_refuses_line_breaks():
    forms_found = _project_forms()
    assert len(forms_found) > 20
    missing = [
        f"{form.__module__}.{form.__qualname__}.{name}"
        for form in forms_found
        for name, field in form.base_fields.items()
        if is_one_line_field(field)
        and not isinstance(field.widget, forms.PasswordInput)
        and validate_one_line not in field.validators
    ]
    assert missing == [], "Champs d'une ligne qui acceptent un retour à la ligne : " + ", ".join(missing)


@pytest.mark.parametrize("value", ["Titre\nInjecté", "Titre\r\nBcc: x@example.org", "a\x0bb", "a\u2028b", "a\x00b"])
def test_a_line_break_or_control_character_is_refused_with_a_french_message(value):
    field = OneLineCharField()
    with pytest.raises(forms.ValidationError) as error:
        field.clean(value)
    assert "une seule ligne" in error.value.messages[0]


def test_an_ordinary_title_passes_and_surrounding_spaces_go():
    assert OneLineCharField().clean("  Jardins partagés d'Égletons  ") == "Jardins partagés d'Égletons"
