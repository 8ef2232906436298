"""An alert on the list of calls for partners (/appels/): saved from the page with its filters, it
announces the calls that appear on the list afterwards and match them, and nothing else."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote, urlencode

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alliances.alerts import services
from alliances.alerts.enums import Frequency
from alliances.alerts.models import Alert
from alliances.partnerships import services as partnerships
from alliances.partnerships.enums import MemberRole, Visibility
from alliances.partnerships.models import Alliance
from alliances.territories.models import Territory
from tests.partnerships.factories import AllianceFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

FILTERS = "territoire=Lozère&theme=emploi&odd=8"


def _commune(code: str) -> Territory:
    return Territory.objects.current_communes().get(code=code)


def _alliance(title: str, territory: Territory, *, fragilities=("emploi",), sdgs=(8,), **fields) -> Alliance:
    """A public alliance whose pilot is returned with it (opening a call goes through the service)."""
    alliance = AllianceFactory(title=title, territory=territory, fragilities=list(fragilities), **fields)
    alliance.sdgs.set(list(sdgs))
    pilot = UserFactory()
    MembershipFactory(alliance=alliance, user=pilot, role=MemberRole.PILOT)
    alliance.pilot = pilot  # type: ignore[attr-defined]
    return alliance


def _update(alliance: Alliance, **data) -> Alliance:
    alliance.refresh_from_db()
    return partnerships.alliance_update(
        alliance=alliance,
        by=alliance.pilot,  # type: ignore[attr-defined]
        data=data,
        expected_version=alliance.version,
    )


def _open(alliance: Alliance, **data) -> Alliance:
    data = {"call_open": True, "call_text": f"Rejoignez « {alliance.title} ».", **data}
    return _update(alliance, **data)


def test_the_list_of_calls_offers_an_alert_with_its_filters(client):
    page = client.get(reverse("calls:list"), {"territoire": "Lozère", "theme": "emploi", "odd": "8"}).content.decode()
    # The page's query string, as the browser sent it (encoded), carried as one parameter.
    query = urlencode({"territoire": "Lozère", "theme": "emploi", "odd": "8"})
    link = reverse("alerts:create") + "?type=appels&amp;recherche=" + quote(query, safe="")
    assert link in page
    assert "Connectez-vous pour recevoir par courriel" in page
    # Filters to correct: no alert offered for them.
    invalid = client.get(reverse("calls:list"), {"odd": "99"}).content.decode()
    assert "Créer une alerte" not in invalid


def test_an_alert_saved_from_the_calls_announces_the_new_matching_calls_only(client):
    mende, lyon = _commune("48095"), _commune("69123")
    already_open = _alliance("Déjà ouvert avant l'alerte", mende)
    _open(already_open)
    to_open = _alliance("Insertion par l'emploi à Mende", mende)
    elsewhere = _alliance("Emploi à Lyon", lyon)
    other_theme = _alliance("Aînés de Mende", mende, fragilities=["isolement"], sdgs=[3])
    private = _alliance("Emploi privé à Mende", mende, visibility=Visibility.MEMBERS)
    closed_again = _alliance("Ouvert puis refermé", mende)

    person = UserFactory(email="camille@exemple.fr")
    client.force_login(person)
    page = client.get(reverse("alerts:create"), {"type": "appels", "recherche": FILTERS}).content.decode()
    assert "Appels à partenaires — Lozère (département 48) · Emploi · ODD 8" in page
    response = client.post(
        reverse("alerts:create"), {"type": "appels", "recherche": FILTERS, "frequency": Frequency.DAILY}
    )
    assert response.status_code == 302
    alert = Alert.objects.get(user=person)
    assert alert.search_kind == "appels"
    assert alert.query == "odd=8&territoire=departement%3A48&theme=emploi"

    # After the alert: calls appear, matching or not, and an open call is edited.
    _open(to_open, call_deadline=timezone.localdate() + timedelta(days=20))
    _open(elsewhere)
    _open(other_theme)
    _open(private)
    _open(closed_again)
    _update(closed_again, call_open=False)
    _update(already_open, call_text="Texte de l'appel précisé après l'alerte.")

    services.digests_send(frequency=Frequency.DAILY, now=timezone.now() + timedelta(seconds=1))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["camille@exemple.fr"]
    assert message.subject == "Vos alertes du jour : 1 nouveauté"
    body = message.body
    assert "== Appels à partenaires — Lozère (département 48) · Emploi · ODD 8 ==" in body, body
    deadline = timezone.localdate() + timedelta(days=20)
    assert f"- Insertion par l'emploi à Mende (Mende · réponse attendue au plus tard le {deadline:%d/%m/%Y})" in body
    assert to_open.get_absolute_url() in body
    for absent in ("Déjà ouvert", "Emploi à Lyon", "Aînés de Mende", "Emploi privé", "Ouvert puis refermé"):
        assert absent not in body


def test_a_call_is_dated_when_it_appears_on_the_list_not_when_it_is_edited():
    alliance = _alliance("Emploi des jeunes", _commune("48095"), visibility=Visibility.MEMBERS)
    _open(alliance)
    alliance.refresh_from_db()
    assert alliance.call_opened_at is None  # open, but not on /appels/: the alliance is not public
    _update(alliance, visibility=Visibility.PUBLIC)
    alliance.refresh_from_db()
    first = alliance.call_opened_at
    assert first is not None
    _update(alliance, call_text="Un texte plus précis.")
    alliance.refresh_from_db()
    assert alliance.call_opened_at == first
    _update(alliance, call_open=False)
    _open(alliance)
    alliance.refresh_from_db()
    assert alliance.call_opened_at is not None and alliance.call_opened_at > first  # reopened: new again
