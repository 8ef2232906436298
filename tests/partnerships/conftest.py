import pytest

from alliances.partnerships import services
from alliances.partnerships.enums import MemberRole, Visibility
from alliances.partnerships.models import Membership
from tests.partnerships.factories import UserFactory, mende


@pytest.fixture
def pilot(db):
    return UserFactory(display_name="Paule Pilote")


@pytest.fixture
def alliance(pilot):
    return services.alliance_create(
        by=pilot,
        organisation_name="Mairie de Mende",
        data={
            "title": "Emploi des jeunes à Mende",
            "problem": "Les jeunes partent.",
            "territory": mende(),
            "lead_organisation_name": "Mairie de Mende",
            "visibility": Visibility.MEMBERS,
            "sdgs": [8, 17],
        },
    )


def add_member(alliance, role=MemberRole.PARTNER, organisation="Association Lozère Solidaire", **user_kwargs):
    user = UserFactory(**user_kwargs)
    Membership.objects.create(alliance=alliance, user=user, role=role, organisation_name=organisation)
    return user


@pytest.fixture
def partner(alliance):
    return add_member(alliance, display_name="Pierre Partenaire")
