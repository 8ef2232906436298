"""Factories of the catalysts' network."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from alliances.accounts.enums import Role
from alliances.accounts.models import User
from alliances.catalysts.enums import Availability, ProfileStatus
from alliances.catalysts.models import CatalystProfile, ContactRequest
from alliances.catalysts.services import catalyst_index
from alliances.territories.models import Territory


def territory(kind: str, code: str) -> Territory:
    return Territory.objects.filter(kind=kind, code=code).order_by("commune_type").first()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.org")
    display_name = factory.Sequence(lambda n: f"Personne {n}")
    password = factory.django.Password("motdepasse-solide-42")


class CatalystUserFactory(UserFactory):
    email = factory.Sequence(lambda n: f"catalyseur{n}@secret-catalyseur.org")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=Role.CATALYST.value)[0])


class CatalystProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalystProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(CatalystUserFactory)
    name = factory.Sequence(lambda n: f"Catalyseur {n}")
    organisation_name = "Collectif d'essai"
    bio = "Accompagne des démarches de co-construction depuis dix ans."
    metiers = factory.LazyFunction(lambda: ["accompagnement"])
    themes = factory.LazyFunction(lambda: ["vieillissement"])
    languages = factory.LazyFunction(lambda: ["fr"])
    availability = Availability.AVAILABLE
    status = ProfileStatus.VALIDATED

    @factory.post_generation
    def territories(self, create, extracted, **kwargs):
        """territories=[("departement", "48"), ...]"""
        if create and extracted:
            self.territories.set([territory(kind, code) for kind, code in extracted])

    @factory.post_generation
    def sdgs(self, create, extracted, **kwargs):
        if create and extracted:
            self.sdgs.set(extracted)

    @factory.post_generation
    def index(self, create, extracted, **kwargs):
        if create:
            catalyst_index(self)


class ContactRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactRequest

    catalyst = factory.SubFactory(CatalystProfileFactory)
    sender = factory.SubFactory(UserFactory)
    subject = "Projet de tiers-lieu"
    message = "Bonjour, nous aimerions échanger."
    consent_share = True
