"""Contact requests: one email to the catalyst, the catalyst's space, the daily limit, no address shown."""

import pytest
from django.core import mail

from alliances.catalysts.enums import RequestStatus
from alliances.catalysts.models import ContactRequest
from tests.catalysts.factories import CatalystProfileFactory, ContactRequestFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalyst():
    return CatalystProfileFactory(name="Agnès Martin", territories=[("departement", "48")])


@pytest.fixture
def sender():
    return UserFactory(email="elu@mairie-exemple.fr", display_name="Jeanne Élue", organisation_name="Mairie d'Exemple")


def _post(client, catalyst, n=1, **extra):
    data = {
        "subject": f"Projet n°{n}",
        "territory": "commune:48095",
        "message": "Nous voulons créer une alliance autour du vieillissement.",
        "consent_share": "on",
    }
    data.update(extra)
    return client.post(f"/catalyseurs/{catalyst.pk}/contacter/", data)


def test_contact_request_sends_one_email_and_appears_in_the_catalyst_space(
    client, catalyst, sender, django_capture_on_commit_callbacks
):
    client.force_login(sender)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, catalyst)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [catalyst.user.email]
    assert "Projet n°1" in email.subject
    assert "Jeanne Élue" in email.body and "Mende" in email.body
    # The sender's address is only given when the catalyst accepts.
    assert sender.email not in email.body

    client.force_login(catalyst.user)
    space = client.get("/catalyseurs/mon-espace/").content.decode()
    assert "Projet n°1" in space and "Jeanne Élue" in space
    assert sender.email not in space


def test_sixth_request_the_same_day_is_refused_with_a_clear_message(client, sender, django_capture_on_commit_callbacks):
    client.force_login(sender)
    catalysts = [CatalystProfileFactory(territories=[("departement", "48")]) for _ in range(6)]
    with django_capture_on_commit_callbacks(execute=True):
        for n, catalyst in enumerate(catalysts[:5], start=1):
            assert _post(client, catalyst, n).status_code == 302
        response = _post(client, catalysts[5], 6)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Vous avez déjà envoyé 5 demandes de mise en relation au cours des dernières 24 heures" in html
    assert "Nous voulons créer une alliance" in html  # nothing typed is lost
    assert ContactRequest.objects.filter(sender=sender).count() == 5
    assert len(mail.outbox) == 5


def test_consent_is_required(client, catalyst, sender):
    client.force_login(sender)
    response = _post(client, catalyst, consent_share="")
    assert response.status_code == 400
    assert "sans votre accord, la mise en relation est impossible" in response.content.decode()
    assert not ContactRequest.objects.exists()


def test_anonymous_visitors_are_sent_to_login(client, catalyst):
    response = client.get(f"/catalyseurs/{catalyst.pk}/contacter/")
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


def test_demo_profiles_cannot_be_contacted(client, sender):
    demo = CatalystProfileFactory(is_demo=True, territories=[("departement", "48")])
    client.force_login(sender)
    response = _post(client, demo)
    assert response.status_code == 400
    assert "exemple fictif" in response.content.decode()


def test_the_catalyst_email_never_appears_in_pages_or_json_served_to_the_sender(
    client, catalyst, sender, django_capture_on_commit_callbacks
):
    client.force_login(sender)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, catalyst)
    request = ContactRequest.objects.get()
    urls = [
        "/catalyseurs/",
        "/catalyseurs/?territoire=commune:48095",
        f"/catalyseurs/{catalyst.pk}/",
        f"/catalyseurs/{catalyst.pk}/contacter/",
        "/catalyseurs/mon-espace/",
        f"/catalyseurs/demandes/{request.pk}/",
        "/catalyseurs/reseau/",
        "/territoires/commune/48095/",
        "/recherche/?q=Agnès",
        "/api/v1/catalyseurs",
        "/api/v1/catalyseurs?territoire=commune:48095",
        f"/api/v1/catalyseurs/{catalyst.pk}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = response.content.decode()
        assert catalyst.user.email not in body, url
        assert "secret-catalyseur" not in body, url


def test_accept_sends_each_side_the_other_details_by_email_only(
    client, catalyst, sender, django_capture_on_commit_callbacks
):
    request = ContactRequestFactory(catalyst=catalyst, sender=sender)
    client.force_login(catalyst.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/catalyseurs/demandes/{request.pk}/accepter/")
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert catalyst.user.email in by_recipient[sender.email]
    assert sender.email in by_recipient[catalyst.user.email]
    client.force_login(sender)
    page = client.get(f"/catalyseurs/demandes/{request.pk}/").content.decode()
    assert "acceptée" in page and catalyst.user.email not in page


def test_decline_needs_a_message_and_close_works(client, catalyst, sender, django_capture_on_commit_callbacks):
    request = ContactRequestFactory(catalyst=catalyst, sender=sender)
    client.force_login(catalyst.user)
    client.post(f"/catalyseurs/demandes/{request.pk}/decliner/", {"response_message": ""})
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/catalyseurs/demandes/{request.pk}/decliner/", {"response_message": "Je suis déjà très pris."})
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED
    assert mail.outbox[-1].to == [sender.email] and "Je suis déjà très pris." in mail.outbox[-1].body
    client.post(f"/catalyseurs/demandes/{request.pk}/clore/")
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED


def test_only_the_catalyst_may_answer_and_strangers_see_nothing(client, catalyst, sender):
    request = ContactRequestFactory(catalyst=catalyst, sender=sender)
    client.force_login(sender)
    client.post(f"/catalyseurs/demandes/{request.pk}/accepter/")
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW
    client.force_login(UserFactory())
    assert client.get(f"/catalyseurs/demandes/{request.pk}/").status_code == 404
