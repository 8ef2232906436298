"""Bounded texts: every text a person writes has a maximum length, checked by the form, the model and the database."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction

from alliances.core.fields import RICH_TEXT_MAX_LENGTH, BoundedTextField
from alliances.practices.models import Practice
from tests.practices.factories import PracticeFactory

# Texts nobody types in a form: filled by the official registers' imports, derived by the search
# index, or written by the platform itself.
UNBOUNDED = {
    "actors.Organisation.address",
    "actors.Organisation.register_object",
    "actors.Establishment.address",
    "indicators.Indicator.definition",
    "core.SearchDocument.title",
    "core.SearchDocument.terms_title",
    "core.SearchDocument.terms_body",
    "core.SearchDocument.terms_tags",
    "core.DeferredIndex.definition",
    "resources.Resource.search_text",
    "resources.Event.search_text",
    # « Courriels en échec »: a proxy on django-tasks' own table, written by its worker.
    "core.EmailAttempt.task_path",
    "core.EmailAttempt.traceback",
    "core.EmailAttempt.exception_class_path",
}


def test_every_text_field_is_bounded_or_known_to_be_written_by_the_platform():
    unbounded = {
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("alliances.")
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField) and not isinstance(field, BoundedTextField)
    }
    assert unbounded == UNBOUNDED


def test_the_model_form_field_carries_the_limit():
    field = Practice._meta.get_field("problem").formfield()
    assert field.max_length == RICH_TEXT_MAX_LENGTH
    assert field.widget.attrs["maxlength"] == str(RICH_TEXT_MAX_LENGTH)
    assert not field.widget.is_hidden


@pytest.mark.django_db
def test_model_validation_refuses_a_text_over_the_limit():
    practice = PracticeFactory.build(problem="x" * (RICH_TEXT_MAX_LENGTH + 1))
    with pytest.raises(ValidationError) as error:
        practice.full_clean(exclude=["contributor"])
    assert "problem" in error.value.message_dict


@pytest.mark.django_db
def test_the_database_refuses_a_text_over_the_limit_whatever_the_way_in():
    practice = PracticeFactory()
    Practice.objects.filter(pk=practice.pk).update(problem="é" * RICH_TEXT_MAX_LENGTH)  # characters, not bytes
    with pytest.raises(IntegrityError), transaction.atomic():
        Practice.objects.filter(pk=practice.pk).update(problem="x" * (RICH_TEXT_MAX_LENGTH + 1))
    practice.refresh_from_db()
    assert practice.problem == "é" * RICH_TEXT_MAX_LENGTH


@pytest.mark.django_db
def test_every_bounded_text_has_its_check_constraint_in_the_database():
    missing = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            bounded = [f for f in model._meta.concrete_fields if isinstance(f, BoundedTextField)]
            if not bounded:
                continue
            names = set(connection.introspection.get_constraints(cursor, model._meta.db_table))
            missing += [
                f"{model._meta.db_table}.{f.name}" for f in bounded if not any(f"_{f.name}_len" in n for n in names)
            ]
    assert not missing
