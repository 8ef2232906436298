"""Alert pages: create from a list page, manage one's own alerts only, notifications."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core import mail
from django.urls import reverse

from alliances.alerts import services
from alliances.alerts.enums import Frequency
from alliances.alerts.models import Alert, Notification
from alliances.partnerships import services as partnerships
from alliances.partnerships.models import JoinRequest
from tests.partnerships.factories import AllianceFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_directory_offers_an_alert_with_its_filters(client):
    page = client.get(reverse("actors:list"), {"territoire": "Mende", "type": "association"}).content.decode()
    link = (
        reverse("alerts:create") + "?type=acteurs&amp;recherche=" + quote("territoire=Mende&type=association", safe="")
    )
    assert link in page
    assert "Connectez-vous pour recevoir par courriel" in page


def test_an_anonymous_visitor_signs_in_then_comes_back_to_the_alert(client):
    url = reverse("alerts:create") + "?type=acteurs&recherche=" + quote("territoire=Mende")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert quote(url, safe="/") in response["Location"] or "next=" in response["Location"]
    assert not Alert.objects.exists()


def test_create_a_saved_search_then_see_it_on_the_management_page(client):
    person = UserFactory()
    client.force_login(person)
    url = reverse("alerts:create") + "?type=acteurs&recherche=" + quote("territoire=Mende&type=association")
    page = client.get(url).content.decode()
    assert "Annuaire des acteurs — Mende (48095) · Association" in page
    response = client.post(
        reverse("alerts:create"),
        {"type": "acteurs", "recherche": "territoire=Mende&type=association", "frequency": Frequency.WEEKLY},
    )
    assert response.status_code == 302
    alert = Alert.objects.get(user=person)
    # Stored canonical: the territory as its reference, so "Mende" and "48000" share one search.
    assert alert.query == "territoire=commune%3A48095&type=association"
    assert alert.frequency == Frequency.WEEKLY
    listing = client.get(reverse("alerts:list")).content.decode()
    assert "Annuaire des acteurs — Mende (48095) · Association" in listing
    assert "Une fois par semaine" in listing
    # The same search typed another way is the same alert.
    again = client.post(
        reverse("alerts:create"),
        {"type": "acteurs", "recherche": "territoire=Mende (48095)&type=association", "frequency": "quotidien"},
    )
    assert "Vous avez déjà cette alerte" in again.content.decode()
    assert Alert.objects.filter(user=person).count() == 1


def test_invalid_filters_are_not_saved(client):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("alerts:create"), {"type": "acteurs", "recherche": "odd=99", "frequency": "quotidien"})
    client.post(reverse("alerts:create"), {"type": "inconnu", "recherche": "", "frequency": "quotidien"})
    assert not Alert.objects.exists()


def test_follow_a_territory_and_an_alliance(client):
    person = UserFactory()
    client.force_login(person)
    alliance = AllianceFactory(title="Bien vieillir")
    assert "Suivre cette alliance" in client.get(alliance.get_absolute_url()).content.decode()
    assert "Suivre ce territoire" in client.get("/territoires/commune/48095/").content.decode()
    client.post(
        reverse("alerts:create"), {"suivre": "territoire", "territoire": "commune:48095", "frequency": "hebdomadaire"}
    )
    client.post(reverse("alerts:create"), {"suivre": "alliance", "alliance": alliance.pk, "frequency": "hebdomadaire"})
    labels = sorted(Alert.objects.filter(user=person).values_list("label", flat=True))
    assert labels == ["Alliance suivie — Bien vieillir", "Territoire suivi — Mende (48095)"]


def test_a_private_alliance_cannot_be_followed_by_an_outsider(client):
    client.force_login(UserFactory())
    alliance = AllianceFactory(visibility="membres")
    response = client.post(
        reverse("alerts:create"), {"suivre": "alliance", "alliance": alliance.pk, "frequency": "quotidien"}
    )
    assert response.status_code == 404
    assert not Alert.objects.exists()


def test_the_follow_page_does_not_name_a_private_alliance(client):
    client.force_login(UserFactory())
    alliance = AllianceFactory(visibility="membres", title="Projet confidentiel de Mende")
    private = client.get(reverse("alerts:create"), {"suivre": "alliance", "alliance": alliance.pk})
    missing = client.get(reverse("alerts:create"), {"suivre": "alliance", "alliance": alliance.pk + 1000})
    assert private.status_code == missing.status_code == 404
    assert "confidentiel" not in private.content.decode()


def test_change_frequency_pause_resume_delete(client):
    person = UserFactory()
    alert = services.alert_create_search(user=person, search_kind="pratiques", query="odd=3")
    client.force_login(person)
    client.post(reverse("alerts:update", args=[alert.pk]), {f"a{alert.pk}-frequency": "hebdomadaire"})
    alert.refresh_from_db()
    assert alert.frequency == Frequency.WEEKLY
    client.post(reverse("alerts:pause", args=[alert.pk]), {"pause": "1"})
    alert.refresh_from_db()
    assert alert.is_paused
    assert "Reprendre" in client.get(reverse("alerts:list")).content.decode()
    client.post(reverse("alerts:pause", args=[alert.pk]), {"pause": "0"})
    alert.refresh_from_db()
    assert not alert.is_paused
    client.post(reverse("alerts:delete", args=[alert.pk]))
    assert not Alert.objects.exists()


def test_nobody_sees_or_edits_another_persons_alerts(client):
    owner, other = UserFactory(), UserFactory()
    alert = services.alert_create_search(user=owner, search_kind="pratiques", query="odd=3")
    client.force_login(other)
    assert "Bonne santé" not in client.get(reverse("alerts:list")).content.decode()
    for name, data in (
        ("alerts:update", {f"a{alert.pk}-frequency": "immediat"}),
        ("alerts:pause", {"pause": "1"}),
        ("alerts:delete", {}),
    ):
        assert client.post(reverse(name, args=[alert.pk]), data).status_code == 404
    alert.refresh_from_db()
    assert (alert.frequency, alert.paused_at) == (Frequency.DAILY, None)


def test_unread_count_in_the_header_and_the_notifications_page(client, django_assert_max_num_queries):
    person = UserFactory()
    services.notify(user=person, text="Première nouvelle", url="/alliances/", email=False)
    services.notify(user=person, text="Deuxième nouvelle", url="/alliances/", email=False)
    other = UserFactory()
    services.notify(user=other, text="Pas pour vous", email=False)
    client.force_login(person)
    page = client.get(reverse("alerts:list")).content.decode()
    assert '<span class="badge">2<span class="visually-hidden"> non lues</span></span>' in page
    notifications = client.get(reverse("alerts:notifications")).content.decode()
    assert "Première nouvelle" in notifications and "Deuxième nouvelle" in notifications
    assert "Pas pour vous" not in notifications
    assert notifications.count("Nouveau</span>") == 2
    assert not Notification.objects.filter(user=person, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=other, read_at__isnull=True).count() == 1
    page = client.get(reverse("alerts:list")).content.decode()
    assert "non lue" not in page


def test_an_accepted_or_refused_join_request_is_notified_in_app_and_by_email(django_capture_on_commit_callbacks):
    pilot, asker, refused = UserFactory(), UserFactory(), UserFactory()
    alliance = AllianceFactory(title="Bien vieillir", call_open=True)
    MembershipFactory(alliance=alliance, user=pilot, role="pilote")
    with django_capture_on_commit_callbacks(execute=True):
        first = partnerships.join_request_create(
            alliance=alliance, user=asker, organisation_name="Asso A", answers_call=True
        )
        second = partnerships.join_request_create(alliance=alliance, user=refused, organisation_name="Asso B")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        partnerships.join_request_decide(join_request=first, by=pilot, accept=True)
        partnerships.join_request_decide(join_request=second, by=pilot, accept=False)
    accepted = Notification.objects.get(user=asker)
    assert (
        accepted.text
        == "Votre réponse à l'appel à partenaires de l'alliance « Bien vieillir » est acceptée : vous êtes membre."
    )
    assert accepted.url == alliance.get_absolute_url()
    assert Notification.objects.get(user=refused).text == (
        "Votre demande pour rejoindre l'alliance « Bien vieillir » n'a pas été retenue par les pilotes."
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([asker.email, refused.email])
    assert JoinRequest.objects.filter(status="acceptee").count() == 1
