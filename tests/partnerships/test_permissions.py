"""The permission matrix: every view and API endpoint of the app, for every kind of user.

A private alliance must be a 404 (never a 403) to anyone who is not a member, in HTML and API.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from alliances.partnerships.models import (
    ChecklistItem,
    Commitment,
    Indicator,
    JoinRequest,
    Membership,
)
from tests.actors.factories import OrganisationFactory
from tests.catalysts.factories import CatalystProfileFactory
from tests.partnerships.conftest import add_member
from tests.partnerships.factories import UserFactory

pytestmark = pytest.mark.django_db

USERS = ["anonymous", "non_member", "observer", "other_partner", "partner", "pilot", "moderator", "administrator"]


@pytest.fixture
def world(alliance, pilot):
    """A private alliance with one user of each kind, and items owned by the partner's organisation."""
    users = {
        "anonymous": None,
        "non_member": UserFactory(),
        "observer": add_member(alliance, role="observateur", organisation="Préfecture de la Lozère"),
        "other_partner": add_member(alliance, organisation="SARL Bois de Lozère"),
        "partner": add_member(alliance, organisation="Association Lozère Solidaire"),
        "pilot": pilot,
        "moderator": UserFactory(),
        "administrator": UserFactory(),
    }
    users["moderator"].groups.add(Group.objects.get_or_create(name="moderateur")[0])
    users["administrator"].groups.add(Group.objects.get_or_create(name="administrateur")[0])
    commitment = Commitment.objects.create(
        alliance=alliance, organisation_name="Association Lozère Solidaire", kind="benevolat", description="Bénévoles"
    )
    indicator = Indicator.objects.create(
        alliance=alliance,
        organisation_name="Association Lozère Solidaire",
        name="Bénévoles mobilisés",
        dimension="organisations",
    )
    point = ChecklistItem.objects.filter(alliance=alliance).first()
    join_request = JoinRequest.objects.create(alliance=alliance, user=UserFactory(), organisation_name="Candidat")
    member = Membership.objects.get(alliance=alliance, user=users["observer"])
    return {
        "alliance": alliance,
        "users": users,
        "commitment": commitment,
        "indicator": indicator,
        "point": point,
        "join_request": join_request,
        "member": member,
        "organisation": OrganisationFactory(),
        "catalyst": CatalystProfileFactory(territories=[("departement", "48")]),
    }


NOT_FOUND_FOR_OUTSIDERS = {"anonymous": 404, "non_member": 404, "moderator": 404}
MEMBERS_READ = {
    **NOT_FOUND_FOR_OUTSIDERS,
    "observer": 200,
    "other_partner": 200,
    "partner": 200,
    "pilot": 200,
    "administrator": 200,
}
PILOT_ONLY = {
    **NOT_FOUND_FOR_OUTSIDERS,
    "observer": 403,
    "other_partner": 403,
    "partner": 403,
    "pilot": 200,
    "administrator": 200,
}
PILOT_ONLY_POST = {**PILOT_ONLY, "pilot": 302, "administrator": 302}
CONTRIBUTORS = {
    **NOT_FOUND_FOR_OUTSIDERS,
    "observer": 403,
    "other_partner": 200,
    "partner": 200,
    "pilot": 200,
    "administrator": 200,
}
CONTRIBUTORS_POST = {**CONTRIBUTORS, "other_partner": 302, "partner": 302, "pilot": 302, "administrator": 302}
OWNER = {**CONTRIBUTORS, "other_partner": 403}
OWNER_POST = {**OWNER, "partner": 302, "pilot": 302, "administrator": 302}


def _url(name: str, extra: str):
    return lambda w: reverse(name, args=[w["alliance"].pk, extra])


CASES = [
    # (name, method, url(world), data, expected by user)
    ("dashboard", "get", lambda w: reverse("partnerships:dashboard"), None, dict.fromkeys(USERS, 200)),
    ("create", "get", lambda w: reverse("partnerships:create"), None, {**dict.fromkeys(USERS, 200), "anonymous": 302}),
    ("detail", "get", lambda w: reverse("partnerships:detail", args=[w["alliance"].pk]), None, MEMBERS_READ),
    ("edit", "get", lambda w: reverse("partnerships:edit", args=[w["alliance"].pk]), None, PILOT_ONLY),
    (
        "edit_section",
        "get",
        lambda w: reverse("partnerships:edit_section", args=[w["alliance"].pk, "appel"]),
        None,
        PILOT_ONLY,
    ),
    (
        "set_step",
        "post",
        lambda w: reverse("partnerships:set_step", args=[w["alliance"].pk]),
        {"step": "agir"},
        PILOT_ONLY_POST,
    ),
    ("delete", "get", lambda w: reverse("partnerships:delete", args=[w["alliance"].pk]), None, PILOT_ONLY),
    (
        "restore",
        "post",
        lambda w: reverse("partnerships:restore", args=[w["alliance"].pk]),
        None,
        {**dict.fromkeys(USERS, 404), "anonymous": 302},
    ),
    ("history", "get", lambda w: reverse("partnerships:history", args=[w["alliance"].pk]), None, MEMBERS_READ),
    ("members", "get", lambda w: reverse("partnerships:members", args=[w["alliance"].pk]), None, MEMBERS_READ),
    (
        "invite",
        "post",
        lambda w: reverse("partnerships:members", args=[w["alliance"].pk]),
        {"email": "x@exemple.fr", "organisation_name": "X", "organisation_name_type": "autre", "role": "partenaire"},
        {**PILOT_ONLY_POST},
    ),
    (
        "membership_change",
        "post",
        lambda w: reverse("partnerships:membership_change", args=[w["alliance"].pk, w["member"].pk]),
        {"role": "partenaire"},
        PILOT_ONLY_POST,
    ),
    (
        "join_request_decide",
        "post",
        lambda w: reverse("partnerships:join_request_decide", args=[w["alliance"].pk, w["join_request"].pk]),
        {"accept": "0"},
        PILOT_ONLY_POST,
    ),
    (
        "join",
        "get",
        lambda w: reverse("partnerships:join", args=[w["alliance"].pk]),
        None,
        {
            **NOT_FOUND_FOR_OUTSIDERS,
            "observer": 302,
            "other_partner": 302,
            "partner": 302,
            "pilot": 302,
            "administrator": 200,
        },
    ),
    *[
        (f"step_{s}", "get", _url("partnerships:step", s), None, MEMBERS_READ)
        for s in ["comprendre", "mobiliser", "co-construire", "agir", "evaluer"]
    ],
    (
        "checklist_toggle",
        "post",
        lambda w: reverse("partnerships:checklist_toggle", args=[w["alliance"].pk, w["point"].pk]),
        {"done": "1"},
        CONTRIBUTORS_POST,
    ),
    *[
        (f"item_create_{k}", "get", _url("partnerships:item_create", k), None, CONTRIBUTORS)
        for k in ["diagnostic", "acteur", "engagement", "action", "reunion", "journal", "indicateur"]
    ],
    (
        "item_create_checklist",
        "get",
        lambda w: reverse("partnerships:item_create", args=[w["alliance"].pk, "checklist"]) + "?etape=agir",
        None,
        {**PILOT_ONLY, "other_partner": 403, "partner": 403},
    ),
    (
        "item_edit",
        "get",
        lambda w: reverse("partnerships:item_edit", args=[w["alliance"].pk, "engagement", w["commitment"].pk]),
        None,
        OWNER,
    ),
    (
        "item_delete",
        "get",
        lambda w: reverse("partnerships:item_delete", args=[w["alliance"].pk, "engagement", w["commitment"].pk]),
        None,
        OWNER,
    ),
    (
        "measurement_add",
        "post",
        lambda w: reverse("partnerships:measurement_add", args=[w["alliance"].pk, w["indicator"].pk]),
        {"date": "2026-01-01", "value": "3", "source": "Comptage"},
        OWNER_POST,
    ),
    (
        "convention_odt",
        "get",
        lambda w: reverse("partnerships:convention", args=[w["alliance"].pk, "odt"]),
        None,
        MEMBERS_READ,
    ),
    (
        "organisation_picker",
        "get",
        lambda w: reverse("partnerships:organisation_picker") + "?champ=nom&nom=Mairie",
        None,
        {**dict.fromkeys(USERS, 200), "anonymous": 302},
    ),
    (
        "actor_add",
        "post",
        lambda w: reverse("partnerships:actor_add", args=[w["alliance"].pk, w["organisation"].pk]),
        {},
        CONTRIBUTORS_POST,
    ),
    (
        "membership_organisation",
        "get",
        lambda w: reverse("partnerships:membership_organisation", args=[w["alliance"].pk, w["member"].pk]),
        None,
        {**PILOT_ONLY, "observer": 200},
    ),
    (
        "diagnostic_from_portrait",
        "post",
        lambda w: reverse("partnerships:diagnostic_from_portrait", args=[w["alliance"].pk]),
        {"code": "inexistant"},
        CONTRIBUTORS_POST,
    ),
    (
        "catalyst_invite",
        "post",
        lambda w: reverse("partnerships:catalyst_invite", args=[w["alliance"].pk, w["catalyst"].pk]),
        {},
        PILOT_ONLY_POST,
    ),
    ("api_list", "get", lambda w: "/api/v1/alliances", None, dict.fromkeys(USERS, 200)),
    ("api_detail", "get", lambda w: f"/api/v1/alliances/{w['alliance'].pk}", None, MEMBERS_READ),
]


@pytest.mark.parametrize(("name", "method", "url", "data", "expected"), CASES, ids=[c[0] for c in CASES])
def test_permission_matrix_on_a_private_alliance(client, world, name, method, url, data, expected):
    results = {}
    for who in USERS:
        client.logout()
        if world["users"][who] is not None:
            client.force_login(world["users"][who])
        response = getattr(client, method)(url(world), data or {})
        results[who] = response.status_code
    assert results == {who: expected[who] for who in USERS}


def test_the_api_list_shows_a_private_alliance_to_members_only(client, world):
    alliance = world["alliance"]
    for who in USERS:
        client.logout()
        if world["users"][who] is not None:
            client.force_login(world["users"][who])
        ids = [item["id"] for item in client.get("/api/v1/alliances").json()["items"]]
        assert (alliance.pk in ids) == (who not in ("anonymous", "non_member", "moderator")), who


def test_public_alliance_invites_anonymous_to_sign_in_and_forbids_non_members(client, world):
    alliance = world["alliance"]
    alliance.visibility = "public"
    alliance.save()
    edit = reverse("partnerships:edit", args=[alliance.pk])
    assert client.get(alliance.get_absolute_url()).status_code == 200
    response = client.get(edit)
    assert response.status_code == 302 and "/compte/login/" in response.url
    client.force_login(world["users"]["non_member"])
    assert client.get(edit).status_code == 403
    assert client.get(reverse("partnerships:history", args=[alliance.pk])).status_code == 403
    assert client.get(f"/api/v1/alliances/{alliance.pk}").status_code == 200
