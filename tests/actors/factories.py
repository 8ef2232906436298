"""Factories of the directory (other apps' tests may use OrganisationFactory)."""

import factory

from alliances.actors.enums import OrganisationKind, OrganisationStatus
from alliances.actors.indexing import organisation_reindex
from alliances.actors.models import Organisation, OrganisationClaim, Theme
from alliances.territories.models import Territory


def commune(code: str = "48095") -> Territory:
    return Territory.objects.current_communes().get(code=code)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("code",)

    code = "017000"
    label = "Santé"
    scheme = "rna"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    kind = OrganisationKind.ASSOCIATION
    name = factory.Sequence(lambda n: f"Association des amis du causse n°{n}")
    rna_id = factory.Sequence(lambda n: f"W48{n:07d}")
    status = OrganisationStatus.ACTIVE
    commune = factory.LazyFunction(commune)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        """Index the organisation for the full-text search (pass indexed=False to skip)."""
        if create and extracted is not False:
            organisation_reindex(self)


class OrganisationClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationClaim

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory("tests.actors.factories.UserFactory")
    message = "Je suis la présidente de l'association."


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.User"
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"membre{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Membre {n}")
    password = factory.django.Password("motdepasse-solide-42")
