"""Rich text of practices: stored as typed, sanitised when rendered, bounded in length and in rendering time."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from alliances.core.fields import RICH_TEXT_MAX_LENGTH
from alliances.practices import services
from alliances.practices.models import Practice
from tests.practices.factories import PracticeFactory, UserFactory, published_practice

pytestmark = pytest.mark.django_db

TYPED = "Texte &lt;img src=x onerror=alert(1)&gt; et <img src=x onerror=alert(2)> **gras**"


def test_the_api_returns_the_markdown_as_typed_and_the_page_shows_it_sanitised(client):
    practice = published_practice(problem=TYPED)
    member = UserFactory()
    services.practice_save_draft(practice=PracticeFactory(contributor=member), by=member, fields={"problem": TYPED})

    data = client.get(f"/api/v1/pratiques/{practice.pk}").json()
    # The Markdown source, exactly as typed: the typed entities are not turned into a tag.
    assert data["probleme"] == TYPED
    assert Practice.objects.get(contributor=member).problem == TYPED

    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Texte &lt;img src=x onerror=alert(1)&gt; et" in page  # what was typed, shown as text
    assert "<strong>gras</strong>" in page
    assert "<img src=x" not in page and "onerror=alert(2)" not in page


def test_the_openapi_document_says_the_rich_fields_are_markdown(client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["PratiqueOut"]["properties"]
    assert "Markdown" in schema["probleme"]["description"]


def test_a_draft_full_of_brackets_renders_within_the_budget(client):
    # The security audit's draft: "[" * 20000 took 55 s to render and stopped every worker.
    draft = PracticeFactory(problem="[" * RICH_TEXT_MAX_LENGTH, actions="![" * (RICH_TEXT_MAX_LENGTH // 2))
    client.force_login(draft.contributor)
    start = time.perf_counter()
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert time.perf_counter() - start < 2.0


def test_the_form_refuses_a_text_over_the_limit_and_keeps_the_draft(client):
    draft = PracticeFactory(problem="Avant.")
    client.force_login(draft.contributor)
    response = client.post(
        reverse("practices:edit", kwargs={"pk": draft.pk, "step": 2}),
        {"fragilities": ["emploi"], "problem": "[" * (RICH_TEXT_MAX_LENGTH + 1)},
    )
    assert response.status_code == 400
    assert "20000 caractères" in response.content.decode() or "20 000 caractères" in response.content.decode()
    assert f'maxlength="{RICH_TEXT_MAX_LENGTH}"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.problem == "Avant."


def test_the_service_refuses_a_text_over_the_limit_and_changes_nothing():
    draft = PracticeFactory(problem="Avant.")
    with pytest.raises(services.PracticeError, match="20\u202f000 caractères au plus"):
        services.practice_save_draft(
            practice=draft, by=draft.contributor, fields={"problem": "x" * (RICH_TEXT_MAX_LENGTH + 1)}
        )
    draft.refresh_from_db()
    assert draft.problem == "Avant."
