"""Registration to events: places, waiting list, cancellation and promotion, emails."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alliances.resources import services
from alliances.resources.enums import PublicationStatus, RegistrationMode, RegistrationStatus
from tests.resources.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model):
    return [
        django_user_model.objects.create_user(
            email=f"p{i}@example.org", password="x" * 12, display_name=f"Personne {i}"
        )
        for i in range(4)
    ]


def _register(event, user, capture):
    with capture(execute=True):
        return services.event_register(event=event, user=user, site_url="http://testserver")


def test_full_event_puts_the_participant_on_the_waiting_list(people, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2)
    first, second, third = (_register(event, p, django_capture_on_commit_callbacks) for p in people[:3])
    assert [first.status, second.status] == [RegistrationStatus.CONFIRMED] * 2
    assert third.status == RegistrationStatus.WAITING
    assert [m.to for m in mail.outbox] == [["p0@example.org"], ["p1@example.org"], ["p2@example.org"]]
    assert "Inscription confirmée" in mail.outbox[0].subject
    assert mail.outbox[0].attachments[0][0].endswith(".ics")
    assert "Liste d'attente" in mail.outbox[2].subject
    assert "liste d'attente" in mail.outbox[2].body


def test_cancellation_promotes_the_first_on_the_waiting_list_who_gets_an_email(
    people, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    holder = _register(event, people[0], django_capture_on_commit_callbacks)
    first_waiting = _register(event, people[1], django_capture_on_commit_callbacks)
    second_waiting = _register(event, people[2], django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=holder, by=people[0], site_url="http://testserver")

    assert promoted.pk == first_waiting.pk
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    holder.refresh_from_db()
    assert holder.status == RegistrationStatus.CANCELLED
    assert first_waiting.status == RegistrationStatus.CONFIRMED
    assert second_waiting.status == RegistrationStatus.WAITING
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["p1@example.org"]
    assert "place s'est libérée" in mail.outbox[0].subject
    assert "p0@example.org" not in mail.outbox[0].body


def test_cancelling_from_the_waiting_list_promotes_nobody(people, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    _register(event, people[0], django_capture_on_commit_callbacks)
    waiting = _register(event, people[1], django_capture_on_commit_callbacks)
    third = _register(event, people[2], django_capture_on_commit_callbacks)
    assert services.registration_cancel(registration=waiting, by=people[1]) is None
    third.refresh_from_db()
    assert third.status == RegistrationStatus.WAITING


def test_a_person_registers_once_and_may_come_back_after_cancelling(people, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=5)
    registration = _register(event, people[0], django_capture_on_commit_callbacks)
    with pytest.raises(services.AlreadyRegistered):
        services.event_register(event=event, user=people[0])
    services.registration_cancel(registration=registration, by=people[0])
    again = _register(event, people[0], django_capture_on_commit_callbacks)
    assert again.status == RegistrationStatus.CONFIRMED


def test_only_the_participant_cancels_their_registration(people, django_capture_on_commit_callbacks):
    registration = _register(EventFactory(), people[0], django_capture_on_commit_callbacks)
    with pytest.raises(services.NotYourRegistration):
        services.registration_cancel(registration=registration, by=people[1])


@pytest.mark.parametrize(
    "kwargs",
    [
        {
            "registration_mode": RegistrationMode.EXTERNAL,
            "registration_url": "https://www.example.org",
            "capacity": None,
        },
        {"status": PublicationStatus.DRAFT},
        {"starts_at": timezone.now() - timedelta(hours=1)},
    ],
)
def test_closed_registrations_are_refused(people, kwargs):
    event = EventFactory(**kwargs)
    with pytest.raises(services.RegistrationClosed):
        services.event_register(event=event, user=people[0])


def test_register_and_cancel_through_the_pages(client, people, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    _register(event, people[1], django_capture_on_commit_callbacks)
    client.force_login(people[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/ressources/evenements/{event.slug}/inscription/", follow=True)
    page = response.content.decode()
    assert "vous êtes sur la liste d'attente" in page.lower()
    assert "position 1" in page

    client.force_login(people[1])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/ressources/evenements/{event.slug}/annulation/", follow=True)
    assert "Votre inscription est annulée" in response.content.decode()
    assert mail.outbox[-1].to == ["p0@example.org"]


def test_anonymous_visitors_are_asked_to_sign_in(client):
    event = EventFactory()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Se connecter pour s'inscrire" in page
    response = client.post(f"/ressources/evenements/{event.slug}/inscription/")
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]


def test_raising_the_capacity_in_the_admin_promotes_the_waiting_list(
    client, people, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    event = EventFactory(capacity=1)
    for person in people[:3]:
        _register(event, person, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    promoted = services.event_fill_places(event=event)
    assert promoted == []  # still full

    editor = people[3]
    editor.is_staff = True
    editor.save()
    editor.groups.add(Group.objects.get(name="editeur"))
    client.force_login(editor)
    data = {
        "kind": event.kind,
        "title": event.title,
        "slug": event.slug,
        "summary": event.summary,
        "status": "publie",
        "starts_at_0": timezone.localtime(event.starts_at).date().isoformat(),
        "starts_at_1": timezone.localtime(event.starts_at).strftime("%H:%M"),
        "ends_at_0": "",
        "ends_at_1": "",
        "place": event.place,
        "online_url": "",
        "organiser": event.organiser,
        "audience": "",
        "registration_mode": "interne",
        "capacity": "2",
        "registration_url": "",
        "replay_url": "",
        "body": "",
        "registrations-TOTAL_FORMS": "3",
        "registrations-INITIAL_FORMS": "3",
        "registrations-MIN_NUM_FORMS": "0",
        "registrations-MAX_NUM_FORMS": "1000",
    }
    for i, registration in enumerate(event.registrations.order_by("id")):
        data[f"registrations-{i}-id"] = str(registration.pk)
        data[f"registrations-{i}-event"] = str(event.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/resources/event/{event.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    statuses = list(event.registrations.order_by("id").values_list("status", flat=True))
    assert statuses == [RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
    assert [m.to for m in mail.outbox] == [["p1@example.org"]]


def test_my_registrations_page(client, people, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1, title="Atelier de Mende")
    other = EventFactory(title="Atelier où je ne vais pas")
    _register(event, people[1], django_capture_on_commit_callbacks)
    _register(event, people[0], django_capture_on_commit_callbacks)
    client.force_login(people[0])
    page = client.get("/ressources/evenements/mes-inscriptions/").content.decode()
    assert "Atelier de Mende" in page and "Liste d&#x27;attente" in page
    assert other.title not in page
    client.logout()
    assert client.get("/ressources/evenements/mes-inscriptions/").status_code == 302
