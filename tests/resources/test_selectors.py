"""Selectors other apps call: by method step, fragility, self-assessment axis; next events."""

import pytest

from alliances.resources.enums import PublicationStatus
from alliances.resources.selectors import (
    kits_for_fragilities,
    resources_for_axis,
    resources_for_step,
    upcoming_events,
)
from tests.resources.factories import KitFactory

pytestmark = pytest.mark.django_db


def test_resources_for_step_puts_kits_first(demo):
    results = resources_for_step("agir")
    assert results[0].is_kit
    assert all(any(s.code == "agir" for s in r.steps.all()) for r in results)


def test_kits_for_fragilities_orders_by_matches(demo):
    results = kits_for_fragilities(["crise", "isolement"])
    assert results[0].slug == "kit-sortir-de-la-crise-ensemble"
    assert all(k.is_kit for k in results)
    assert kits_for_fragilities([]) == []


def test_resources_for_axis(demo):
    slugs = {r.slug for r in resources_for_axis("evaluation")}
    assert {"webinaire-evaluer-une-alliance", "modele-tableau-de-bord-alliance"} <= slugs


def test_drafts_never_leak(demo):
    draft = KitFactory(status=PublicationStatus.DRAFT)
    draft.themes.set(["crise"])
    draft.steps.set(["agir"])
    assert draft not in kits_for_fragilities(["crise"])
    assert draft not in resources_for_step("agir")


def test_upcoming_events(demo):
    events = upcoming_events(3)
    assert len(events) == 3
    assert events == sorted(events, key=lambda e: e.starts_at)
