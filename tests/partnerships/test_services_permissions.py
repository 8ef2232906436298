"""Services enforce their `by` (issue 25, item 2): a command, the API or a future view calling them
gets the same rule as the pages — an outsider gets `Hidden` (404) on a private alliance, a member
without the right role `Forbidden` (403) — and nothing is written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from alliances.core.permissions import Forbidden, Hidden
from alliances.partnerships import services
from alliances.partnerships.enums import MemberRole
from alliances.partnerships.models import (
    ChecklistItem,
    Commitment,
    HistoryEntry,
    Indicator,
    JoinRequest,
    Measurement,
    Membership,
)
from tests.partnerships.conftest import add_member
from tests.partnerships.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alliance, pilot):
    other_partner = add_member(alliance, organisation="SARL Bois de Lozère")
    commitment = Commitment.objects.create(
        alliance=alliance, organisation_name="Association Lozère Solidaire", kind="benevolat", description="Bénévoles"
    )
    indicator = Indicator.objects.create(
        alliance=alliance, organisation_name="Association Lozère Solidaire", name="Bénévoles", dimension="organisations"
    )
    measurement = Measurement.objects.create(indicator=indicator, date=date(2026, 1, 1), value=Decimal(3), source="")
    return {
        "alliance": alliance,
        "outsider": UserFactory(),
        "observer": add_member(alliance, role=MemberRole.OBSERVER, organisation="Préfecture"),
        "other_partner": other_partner,
        "commitment": commitment,
        "indicator": indicator,
        "measurement": measurement,
        "point": ChecklistItem.objects.filter(alliance=alliance).first(),
        "join_request": JoinRequest.objects.create(alliance=alliance, user=UserFactory(), organisation_name="Cand."),
        "membership": Membership.objects.get(alliance=alliance, user=pilot),
    }


OPERATIONS = {
    "alliance_update": lambda w, by: services.alliance_update(
        alliance=w["alliance"], by=by, data={"title": "Pris"}, expected_version=w["alliance"].version
    ),
    "alliance_set_step": lambda w, by: services.alliance_set_step(alliance=w["alliance"], by=by, step="agir"),
    "alliance_delete": lambda w, by: services.alliance_delete(alliance=w["alliance"], by=by),
    "invitation_send": lambda w, by: services.invitation_send(
        alliance=w["alliance"], by=by, email="x@exemple.fr", role="partenaire", base_url="http://t"
    ),
    "join_request_decide": lambda w, by: services.join_request_decide(
        join_request=w["join_request"], by=by, accept=True
    ),
    "membership_update": lambda w, by: services.membership_update(membership=w["membership"], by=by, role="partenaire"),
    "membership_remove": lambda w, by: services.membership_remove(membership=w["membership"], by=by),
    "item_create": lambda w, by: services.item_create(
        alliance=w["alliance"], model=Commitment, data={"kind": "benevolat", "description": "Pris"}, by=by
    ),
    "item_create (point)": lambda w, by: services.item_create(
        alliance=w["alliance"], model=ChecklistItem, data={"step": "agir", "label": "Pris"}, by=by
    ),
    "item_update": lambda w, by: services.item_update(
        item=w["commitment"], by=by, data={"description": "Pris"}, expected_version=w["commitment"].version
    ),
    "item_delete": lambda w, by: services.item_delete(item=w["commitment"], by=by),
    "checklist_toggle": lambda w, by: services.checklist_toggle(item=w["point"], by=by, done=True),
    "measurement_add": lambda w, by: services.measurement_add(
        indicator=w["indicator"], by=by, date=date(2026, 2, 1), value=Decimal(9), source=""
    ),
    "measurement_delete": lambda w, by: services.measurement_delete(measurement=w["measurement"], by=by),
}

# Who is refused, and how: the partner who owns the items may touch them, not the other partner.
REFUSED = {
    "outsider": (Hidden, list(OPERATIONS)),
    "anonymous": (Hidden, list(OPERATIONS)),
    "observer": (Forbidden, list(OPERATIONS)),
    "other_partner": (
        Forbidden,
        [
            "alliance_update",
            "alliance_set_step",
            "alliance_delete",
            "invitation_send",
            "join_request_decide",
            "membership_update",
            "membership_remove",
            "item_create (point)",
            "item_update",
            "item_delete",
            "measurement_add",
            "measurement_delete",
        ],
    ),
}


def _state(w) -> tuple:
    alliance = w["alliance"]
    return (
        HistoryEntry.objects.filter(alliance=alliance).count(),
        Commitment.objects.filter(alliance=alliance).count(),
        ChecklistItem.objects.filter(alliance=alliance, done=True).count(),
        Measurement.objects.filter(indicator__alliance=alliance).count(),
        Membership.objects.filter(alliance=alliance).count(),
        alliance.invitations.count(),
        JoinRequest.objects.get(pk=w["join_request"].pk).status,
        type(alliance).objects.get(pk=alliance.pk).version,
        type(alliance).objects.get(pk=alliance.pk).deleted_at,
    )


@pytest.mark.parametrize("who", list(REFUSED))
def test_services_refuse_who_may_not_and_write_nothing(world, who):
    from django.contrib.auth.models import AnonymousUser

    by = AnonymousUser() if who == "anonymous" else world[who]
    error, names = REFUSED[who]
    before = _state(world)
    for name in names:
        with pytest.raises(error):
            OPERATIONS[name](world, by)
    assert _state(world) == before


def test_the_pilot_still_does_everything(world, pilot):
    for name in ["item_create", "item_create (point)", "checklist_toggle", "measurement_add", "alliance_set_step"]:
        OPERATIONS[name](world, pilot)
    assert Commitment.objects.filter(alliance=world["alliance"], description="Pris").exists()


def test_a_non_member_cannot_restore_a_deleted_alliance(world, pilot):
    services.alliance_delete(alliance=world["alliance"], by=pilot)
    with pytest.raises(Hidden):
        services.alliance_restore(alliance=world["alliance"], by=world["outsider"])
    world["alliance"].refresh_from_db()
    assert world["alliance"].is_deleted
    services.alliance_restore(alliance=world["alliance"], by=pilot)
