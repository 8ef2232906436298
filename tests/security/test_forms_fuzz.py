"""Hypothesis on the main forms and search pages: whatever is posted (empty, huge, NUL bytes,
markup, impossible dates, unknown territories…), the answer is a page or a redirect, never a 500.

The forms are posted as the user who may fill them, on the permission matrix's world; the number
of examples is bounded and derandomised so that the run is the same in CI.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

SPECIAL = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "commune:99999",
    "departement:48",
    "48095",
    "epci:",
    "région:76",
    "-1",
    "0",
    "1e308",
    "99999999999999999999999",
    "2026-02-30",
    "31/12/2026",
    "../../etc/passwd",
    "javascript:alert(1)",
    "https://evil.example/",
    "🙂🙂",
    "nouvelle",
    "on",
    "1",
]
VALUE = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(max_size=60),
    st.integers(min_value=1000, max_value=60_000).map(lambda n: "é" * n),  # far beyond every max_length
)


def form_data(*fields: str):
    """A POST body for `fields`: each one absent, one value, or several values."""
    return st.fixed_dictionaries(
        {}, optional={field: st.one_of(VALUE, st.lists(VALUE, max_size=3)) for field in fields}
    )


# (who posts, URL, fields)
FORMS = {
    "practice_start": ("member", lambda w: reverse("practices:start"), ("title", "summary", "territories")),
    "practice_step_2": (
        "member",
        lambda w: reverse("practices:edit", args=[w.draft.pk, 2]),
        ("fragilities", "problem"),
    ),
    "practice_step_3": (
        "member",
        lambda w: reverse("practices:edit", args=[w.draft.pk, 3]),
        (
            "actions",
            "form",
            "partnership_types",
            "mecenat_kinds",
            "partner-0-name",
            "partner-0-role",
            "partners-TOTAL_FORMS",
            "partners-INITIAL_FORMS",
        ),
    ),
    "practice_step_4": (
        "member",
        lambda w: reverse("practices:edit", args=[w.draft.pk, 4]),
        ("started_on", "ended_on", "stage", "budget_band", "funding_sources"),
    ),
    "practice_step_5": (
        "member",
        lambda w: reverse("practices:edit", args=[w.draft.pk, 5]),
        ("results", "sdgs", "sdg_targets", "lessons", "links"),
    ),
    "practice_contact": (
        "anonymous",
        lambda w: reverse("practices:contact", args=[w.practice.pk]),
        ("name", "email", "message"),
    ),
    "alliance_create": (
        "member",
        lambda w: reverse("partnerships:create"),
        (
            "title",
            "problem",
            "territory_ref",
            "lead_organisation_name",
            "lead_organisation_name_choix",
            "lead_organisation_name_type",
            "my_organisation",
            "visibility",
            "sdgs",
            "start_date",
            "end_date",
            "step",
            "form",
        ),
    ),
    "alliance_edit": (
        "pilote",
        lambda w: reverse("partnerships:edit", args=[w.alliance.pk]),
        ("title", "problem", "territory_ref", "visibility", "version", "sdgs", "start_date"),
    ),
    "alliance_commitment": (
        "partner",
        lambda w: reverse("partnerships:item_create", args=[w.alliance.pk, "engagement"]),
        ("organisation_name", "kind", "description", "amount_eur", "hours", "hourly_rate_eur", "start_date", "version"),
    ),
    "alliance_invitation": (
        "pilote",
        lambda w: reverse("partnerships:members", args=[w.alliance.pk]),
        ("email", "organisation_name", "organisation_name_choix", "organisation_name_type", "role"),
    ),
    "actor_contact": (
        "other_org",
        lambda w: reverse("actors:contact", args=[w.organisation.pk]),
        ("sender_name", "sender_email", "subject", "body"),
    ),
    "actor_edit": (
        "member",
        lambda w: reverse("actors:edit", args=[w.organisation.pk]),
        ("description", "declared_website", "offers_skills"),
    ),
    "claim_decision": ("moderator", lambda w: reverse("actors:claim_decide", args=[w.claim.pk]), ("decision", "motif")),
    "actor_claim": (
        "catalyst",
        lambda w: reverse("actors:claim", args=[w.organisation.pk]),
        ("message", "proof_email"),
    ),
    "collectivite_link": ("catalyst", lambda w: reverse("actors:collectivite_link"), ("territoire", "role", "message")),
    "collectivite_link_decision": (
        "moderator",
        lambda w: reverse("actors:collectivite_link_decide", args=[w.collectivite_link.pk]),
        ("decision", "motif", "domaine"),
    ),
    "catalyst_contact": (
        "member",
        lambda w: reverse("catalysts:contact", args=[w.catalyst_profile.pk]),
        ("subject", "territory", "message", "consent_share"),
    ),
    "catalyst_profile": (
        "catalyst",
        lambda w: reverse("catalysts:profile_edit"),
        ("name", "organisation_name", "bio", "metiers", "themes", "languages", "availability", "territories", "sdgs"),
    ),
    "assessment_start": (
        "member",
        lambda w: reverse("assessment:start"),
        ("territoire", "mode", "is_public", "alliance"),
    ),
    "profile": (
        "member",
        lambda w: reverse("accounts:profile"),
        ("display_name", "organisation_name", "organisation_role"),
    ),
}

SEARCHES = {
    "search": lambda w: reverse("core:search"),
    "practices": lambda w: reverse("practices:list"),
    "actors": lambda w: reverse("actors:list"),
    "catalysts": lambda w: reverse("catalysts:list"),
    "resources": lambda w: reverse("resources:list"),
    "events": lambda w: reverse("resources:events"),
    "alliances": lambda w: reverse("partnerships:dashboard"),
    "suggestions": lambda w: reverse("territories:suggestions"),
}
SEARCH_FIELDS = ("q", "territoire", "type", "theme", "odd", "tri", "page", "etape", "metier", "fragilite", "forme")

FUZZ = settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _client(world, role: str) -> Client:
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("name", sorted(FORMS))
def test_a_form_never_answers_with_a_server_error(world, name):
    role, url, fields = FORMS[name]
    client = _client(world, role)

    @FUZZ
    @given(data=form_data(*fields))
    def post(data):
        cache.clear()  # rate limits would answer 429 before the form is read
        response = client.post(url(world), data)
        assert response.status_code < 500

    post()


@pytest.mark.parametrize("name", sorted(SEARCHES))
def test_a_search_page_never_answers_with_a_server_error(world, name):
    client = _client(world, "anonymous")

    @FUZZ
    @given(params=form_data(*SEARCH_FIELDS))
    def search(params):
        response = client.get(SEARCHES[name](world), params)
        assert response.status_code < 500

    search()
