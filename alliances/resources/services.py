"""Writes of the resource centre: publication, registrations to events and their emails."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from alliances.core.emails import email_send
from alliances.resources import search
from alliances.resources.enums import PublicationStatus, RegistrationMode, RegistrationStatus
from alliances.resources.ical import calendar_for
from alliances.resources.models import Event, Registration, Resource

if TYPE_CHECKING:
    from alliances.accounts.models import User


class RegistrationError(Exception):
    """A registration refused for a reason the participant can read."""


class RegistrationClosed(RegistrationError):
    pass


class AlreadyRegistered(RegistrationError):
    pass


class NotYourRegistration(RegistrationError):
    pass


# --- publication -----------------------------------------------------------------------


def resource_index(*, resource: Resource) -> None:
    """Refresh the search document of a resource, in the caller's transaction (findable at
    the next request, gone if the transaction rolls back)."""
    search.index_resource(Resource.objects.prefetch_related("steps", "themes", "axes", "sdgs").get(pk=resource.pk))


def event_index(*, event: Event) -> None:
    search.index_event(Event.objects.get(pk=event.pk))


@transaction.atomic
def resource_set_status(*, resource: Resource, status: PublicationStatus) -> Resource:
    """Publish or unpublish a resource (drafts are visible only to editors, in the preview)."""
    resource.status = status
    resource.save()
    resource_index(resource=resource)
    return resource


@transaction.atomic
def event_set_status(*, event: Event, status: PublicationStatus) -> Event:
    event.status = status
    event.save()
    event_index(event=event)
    return event


# --- registrations -----------------------------------------------------------------------


def _send_registration_email(registration: Registration, template: str, site_url: str) -> None:
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "user": registration.user,
        "event_url": f"{site_url}{event.get_absolute_url()}",
    }
    subject = render_to_string(f"resources/emails/{template}_subject.txt", context).strip()
    body = render_to_string(f"resources/emails/{template}.txt", context)
    attachments = []
    if registration.status == RegistrationStatus.CONFIRMED:
        attachments.append((f"{event.slug}.ics", calendar_for([event], site_url=site_url), "text/calendar"))
    email_send(subject=subject, body=body, to=[registration.user.email], attachments=attachments)


def _notify(registration: Registration, template: str, site_url: str) -> None:
    # Only once the registration is really saved: a rolled-back transaction sends nothing.
    transaction.on_commit(lambda: _send_registration_email(registration, template, site_url))


@transaction.atomic
def event_register(*, event: Event, user: User, site_url: str = "") -> Registration:
    """Register `user` to `event`: a place if one is left, otherwise the end of the waiting list.

    The event row is locked so that two people cannot take the last place at once.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.is_published or event.registration_mode != RegistrationMode.INTERNAL:
        raise RegistrationClosed("Cet événement ne prend pas d'inscription sur la plateforme.")
    if event.starts_at <= timezone.now():
        raise RegistrationClosed("Les inscriptions sont closes : l'événement a commencé ou est passé.")
    if event.registrations.active().filter(user=user).exists():
        raise AlreadyRegistered("Vous êtes déjà inscrit·e à cet événement (ou sur sa liste d'attente).")
    confirmed = event.registrations.confirmed().count()
    status = RegistrationStatus.CONFIRMED if confirmed < (event.capacity or 0) else RegistrationStatus.WAITING
    registration = Registration.objects.create(event=event, user=user, status=status)
    _notify(registration, "confirmation" if status == RegistrationStatus.CONFIRMED else "waiting", site_url)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, by: User, site_url: str = "") -> Registration | None:
    """Cancel a registration; if it held a place, give it to the first on the waiting list.

    Return the promoted registration, if any (that person receives an email).
    """
    if registration.user_id != by.pk:
        raise NotYourRegistration("Vous ne pouvez annuler que votre propre inscription.")
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    held_a_place = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.status_changed_at = timezone.now()
    registration.save(update_fields=["status", "status_changed_at"])
    if not held_a_place or event.is_past:
        return None
    promoted = event.registrations.waiting().select_for_update().first()
    if promoted is None:
        return None
    _promote(promoted, site_url)
    return promoted


def _promote(registration: Registration, site_url: str) -> None:
    registration.status = RegistrationStatus.CONFIRMED
    registration.status_changed_at = timezone.now()
    registration.save(update_fields=["status", "status_changed_at"])
    _notify(registration, "promoted", site_url)


@transaction.atomic
def event_fill_places(*, event: Event, site_url: str = "") -> list[Registration]:
    """Give the places freed by a raised capacity to the waiting list, first come first served
    (called when an editor saves the event). Return the promoted registrations."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.registration_mode != RegistrationMode.INTERNAL or event.is_past or not event.capacity:
        return []
    free = event.capacity - event.registrations.confirmed().count()
    if free <= 0:
        return []
    promoted = list(event.registrations.waiting().select_for_update()[:free])
    for registration in promoted:
        _promote(registration, site_url)
    return promoted
