"""Factories for the partnerships tests."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from alliances.partnerships.enums import MemberRole, Visibility
from alliances.partnerships.models import Alliance, Commitment, Indicator, Meeting, Membership
from alliances.territories.models import Territory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"membre{n}@exemple.fr")
    display_name = factory.Sequence(lambda n: f"Membre {n}")
    # No password: tests sign in with force_login, and hashing one per user would cost seconds.
    password = ""


def mende() -> Territory:
    return Territory.objects.get(kind="commune", code="48095", commune_type="commune-actuelle")


class AllianceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alliance

    title = factory.Sequence(lambda n: f"Alliance n°{n}")
    problem = "Les jeunes quittent le territoire faute d'emploi."
    territory = factory.LazyFunction(mende)
    lead_organisation_name = "Mairie de Mende"
    visibility = Visibility.PUBLIC


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    alliance = factory.SubFactory(AllianceFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.PARTNER
    organisation_name = "Association Lozère Solidaire"


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    alliance = factory.SubFactory(AllianceFactory)
    organisation_name = "Association Lozère Solidaire"
    kind = "competences"
    description = "Deux demi-journées de mentorat par mois"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    alliance = factory.SubFactory(AllianceFactory)
    title = "Comité de pilotage"
    date = factory.Faker("future_datetime", tzinfo=__import__("datetime").UTC)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    alliance = factory.SubFactory(AllianceFactory)
    name = "Jeunes accompagnés"
    dimension = "innovation"
