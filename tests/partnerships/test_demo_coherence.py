"""Demo coherence and wording: what a visitor reads about fictional content, catalysts and emails."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse

from alliances.partnerships.models import Invitation
from alliances.resources.ical import calendar_for
from alliances.territories.models import Territory
from tests.actors.factories import OrganisationFactory
from tests.catalysts.factories import CatalystProfileFactory

pytestmark = pytest.mark.django_db
ONE_RULE = "on ne peut ni contacter cette personne, ni l&#x27;inviter dans une alliance"


def test_a_demo_catalyst_is_neither_invited_nor_contacted_and_both_pages_say_so(client, alliance, pilot):
    demo = CatalystProfileFactory(name="Inès Fictive", is_demo=True, territories=[("departement", "48")])
    client.force_login(pilot)
    step = reverse("partnerships:step", args=[alliance.pk, "mobiliser"])
    html = client.get(step).content.decode()
    assert "Inès Fictive" in html and ONE_RULE in html
    assert reverse("partnerships:catalyst_invite", args=[alliance.pk, demo.pk]) not in html
    response = client.post(reverse("partnerships:catalyst_invite", args=[alliance.pk, demo.pk]), follow=True)
    page = response.content.decode()
    assert "Invitation envoyée" not in page and ONE_RULE in page
    assert not Invitation.objects.exists() and not mail.outbox
    # The catalyst's own page gives the same rule.
    assert ONE_RULE in client.get(demo.get_absolute_url()).content.decode()


def test_contact_wording_is_neutral(client, pilot):
    profile = CatalystProfileFactory(name="Camille Réelle", territories=[("departement", "48")])
    client.force_login(pilot)
    html = client.get(profile.get_absolute_url()).content.decode()
    assert "S&#x27;il accepte" not in html and "Si cette personne accepte" in html
    html = client.get(reverse("catalysts:contact", args=[profile.pk])).content.decode()
    assert "S&#x27;il accepte" not in html and "s&#x27;il accepte" not in html
    assert "si cette personne accepte" in html.lower()


@pytest.mark.parametrize(
    ("kind", "code", "expected"),
    [
        ("commune", "48095", "même si Mende est une commune réelle"),
        ("departement", "30", "même si le Gard est un département réel"),
        ("departement", "48", "même si la Lozère est un département réel"),
        ("region", "76", "même si Occitanie est une région réelle"),
    ],
)
def test_demo_notice_names_the_kind_of_place(kind, code, expected):
    place = Territory.objects.filter(kind=kind, code=code).first()
    html = render_to_string(
        "core/partials/demo_notice.html", {"item": type("Demo", (), {"is_demo": True})(), "place": place}
    )
    assert expected in html


def test_confirmation_email_greets_with_the_site_name(client, settings):
    settings.ALLIANCES_OPERATOR = {**settings.ALLIANCES_OPERATOR, "name": "Alliances en Lozère"}
    password = "un-mot-de-passe-solide-2026"
    client.post("/compte/signup/", {"email": "maire@exemple.fr", "password1": password, "password2": password})
    message = mail.outbox[0]
    assert message.body.startswith("Bonjour, c'est Alliances en Lozère !")
    assert "testserver !" not in message.body and "c'est testserver" not in message.body
    assert message.subject.startswith("[Alliances en Lozère] ")


def test_association_page_has_no_empty_box(client):
    organisation = OrganisationFactory(name="Association fictive", is_demo=True)
    html = client.get(organisation.get_absolute_url()).content.decode()
    # No empty bordered card: when the actions card is there, it holds something to do (claiming a
    # demo entry goes through the same flow as any other, issue #23).
    if 'aria-labelledby="actions"' in html:
        card = html.split('aria-labelledby="actions"', 1)[1].split("</section>", 1)[0]
        assert "<p>" in card and "<a " in card


def test_ical_feed_has_no_english_comment_and_works_after_2038():
    event = type(
        "Event",
        (),
        {
            "pk": 1,
            "starts_at": datetime(2040, 7, 14, 10, tzinfo=ZoneInfo("Europe/Paris")),
            "ends_at": None,
            "title": "Fête",
            "summary": "Résumé",
            "organiser": "Mairie",
            "online_url": "",
            "replay_url": "",
            "is_past": False,
            "place": "Mende",
            "updated_at": datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")),
            "get_absolute_url": lambda self: "/evenement/",
        },
    )()
    content = calendar_for([event], site_url="https://exemple.org").decode()
    assert "This timezone" not in content and "COMMENT" not in content
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in content
    parsed = icalendar.Calendar.from_ical(content)
    start = next(iter(parsed.walk("VEVENT")))["dtstart"].dt
    assert start.utcoffset().total_seconds() == 7200  # summer time in 2040
