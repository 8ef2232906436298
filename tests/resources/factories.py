"""Factories of the resource centre."""

from datetime import timedelta

import factory
from django.utils import timezone

from alliances.resources.enums import PublicationStatus, RegistrationMode, ResourceKind
from alliances.resources.models import Event, KitStep, Resource


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    kind = ResourceKind.WEBINAR
    title = factory.Sequence(lambda n: f"Webinaire numéro {n}")
    slug = factory.Sequence(lambda n: f"ressource-{n}")
    summary = "Un résumé court."
    url = "https://www.example.org/video"
    status = PublicationStatus.PUBLISHED


class KitFactory(ResourceFactory):
    kind = ResourceKind.KIT
    title = factory.Sequence(lambda n: f"Kit numéro {n}")
    slug = factory.Sequence(lambda n: f"kit-{n}")
    url = ""
    body = "Introduction du kit."


class KitStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KitStep

    kit = factory.SubFactory(KitFactory)
    title = factory.Sequence(lambda n: f"Étape {n}")
    body = "Ce qu'il faut faire."


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = "atelier"
    title = factory.Sequence(lambda n: f"Atelier {n}")
    slug = factory.Sequence(lambda n: f"atelier-{n}")
    summary = "Un atelier."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    place = "Salle fictive, 48000 Mende"
    organiser = "Organisation fictive"
    registration_mode = RegistrationMode.INTERNAL
    capacity = 2
    status = PublicationStatus.PUBLISHED
