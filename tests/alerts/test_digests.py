"""Digests: what is new since the last sending, one email per person and period, through the
real worker and a real email backend, with a working one-click unsubscribe."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.http import QueryDict
from django.utils import timezone

from alliances.alerts import services
from alliances.alerts.enums import Frequency
from alliances.alerts.models import Alert, DigestRun, DigestSent
from alliances.alerts.tasks import send_digests
from alliances.partnerships.services.common import history_record
from tests.actors.factories import OrganisationFactory
from tests.catalysts.factories import CatalystProfileFactory
from tests.partnerships.factories import AllianceFactory, MembershipFactory, UserFactory
from tests.practices.factories import published_practice
from tests.resources.factories import EventFactory

pytestmark = pytest.mark.django_db


def _unsubscribe_path(message) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<") and header.endswith(">")
    return urlparse(header[1:-1]).path


def _mende_alert(user, frequency=Frequency.DAILY) -> Alert:
    return services.alert_create_search(
        user=user, search_kind="acteurs", query="territoire=Mende&type=association", frequency=frequency
    )


def test_a_digest_through_the_worker_then_one_click_unsubscribe(
    client, django_capture_on_commit_callbacks, task_worker
):
    person = UserFactory(email="lea@exemple.fr")
    alert = _mende_alert(person)
    practices = services.alert_create_search(user=person, search_kind="pratiques", query="fragilite=emploi")
    OrganisationFactory(name="Les Jardins du Causse")
    OrganisationFactory(name="Atelier vélo de Mende")
    published_practice(title="Emplois partagés en Lozère", fragilities=["emploi"])

    with django_capture_on_commit_callbacks(execute=True):
        result = send_digests.enqueue(Frequency.DAILY)
    task_worker()  # the real worker (`alliances run_worker --batch`): the digest, then its email
    result.refresh()
    assert result.status == "SUCCESSFUL", [e.traceback for e in result.errors]
    assert result.return_value == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lea@exemple.fr"]
    assert message.subject == "Vos alertes du jour : 3 nouveautés"
    # Grouped: both alerts, each under its own heading, in the one email.
    body = message.body
    assert "== Annuaire des acteurs — Mende (48095) · Association ==" in body
    assert "- Les Jardins du Causse (Mende)" in body and "- Atelier vélo de Mende (Mende)" in body
    assert "== Pratiques inspirantes — Emploi ==" in body
    assert "- Emplois partagés en Lozère" in body
    assert body.index("Les Jardins du Causse") < body.index("Emplois partagés en Lozère")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")

    # The mail client posts the link, anonymous, without a CSRF token (RFC 8058).
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(_unsubscribe_path(message), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "vous ne recevrez plus ces alertes" in response.content.decode()
    alert.refresh_from_db()
    practices.refresh_from_db()
    assert alert.is_paused and practices.is_paused

    # Something new the next day: nothing is sent any more.
    OrganisationFactory(name="Nouvelle association de Mende")
    services.digests_send(frequency=Frequency.DAILY, now=timezone.now() + timedelta(days=1))
    assert len(mail.outbox) == 1


def test_the_link_of_one_section_stops_exactly_that_alert(client):
    person = UserFactory()
    kept = services.alert_create_search(user=person, search_kind="pratiques", query="")
    stopped = _mende_alert(person)
    OrganisationFactory(name="Les Jardins du Causse")
    published_practice(title="Emplois partagés")
    services.digests_send(frequency=Frequency.DAILY)
    body = mail.outbox[0].body
    section = body.split("== Annuaire des acteurs")[1]
    link = section.split("Ne plus recevoir cette alerte : ")[1].split()[0]
    page = client.get(urlparse(link).path)
    # GET only asks (scanners prefetch links): nothing changes yet.
    assert "Me désabonner" in page.content.decode()
    stopped.refresh_from_db()
    assert not stopped.is_paused
    client.post(urlparse(link).path)
    stopped.refresh_from_db()
    kept.refresh_from_db()
    assert stopped.is_paused and not kept.is_paused


def test_a_tampered_token_is_refused_and_changes_nothing(client):
    person = UserFactory()
    alert = _mende_alert(person)
    OrganisationFactory()
    services.digests_send(frequency=Frequency.DAILY)
    path = _unsubscribe_path(mail.outbox[0])
    token = path.rstrip("/").rsplit("/", 1)[1]
    tampered = path.replace(token, token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"))
    for method in (client.get, client.post):
        response = method(tampered)
        assert response.status_code == 400
        assert "Lien de désabonnement invalide" in response.content.decode()
    alert.refresh_from_db()
    assert not alert.is_paused


def test_one_digest_per_person_and_period_and_idempotence():
    ana, ben = UserFactory(), UserFactory()
    _mende_alert(ana)
    _mende_alert(ben)  # the same search: evaluated once for both
    services.alert_create_search(user=ana, search_kind="acteurs", query="territoire=48095")
    OrganisationFactory(name="Les Jardins du Causse")
    now = timezone.now()
    report = services.digests_send(frequency=Frequency.DAILY, now=now)
    assert (report.digests, report.people, report.searches) == (2, 2, 2)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ana.email, ben.email])
    ana_mail = next(m for m in mail.outbox if m.to == [ana.email])
    assert ana_mail.body.count("Les Jardins du Causse") == 2  # one section per alert, one email
    # The same period again (the scheduler fired twice): nothing more.
    again = services.digests_send(frequency=Frequency.DAILY, now=now + timedelta(seconds=1))
    assert again.already_sent and len(mail.outbox) == 2
    assert DigestRun.objects.get().digests == 2 and DigestSent.objects.count() == 2
    # The next day, nothing new: no email at all.
    services.digests_send(frequency=Frequency.DAILY, now=now + timedelta(days=1))
    assert len(mail.outbox) == 2


def test_frequencies_are_separate_and_weekly_periods_are_iso_weeks():
    person = UserFactory()
    _mende_alert(person, Frequency.IMMEDIATE)
    services.alert_create_search(user=person, search_kind="pratiques", query="", frequency=Frequency.WEEKLY)
    OrganisationFactory(name="Les Jardins du Causse")
    published_practice(title="Emplois partagés")
    now = timezone.now()
    assert services.digests_send(frequency=Frequency.DAILY, now=now).digests == 0
    immediate = services.digests_send(frequency=Frequency.IMMEDIATE, now=now)
    assert immediate.digests == 1
    assert mail.outbox[0].subject.startswith("1 nouveauté : Annuaire des acteurs — Mende (48095)")
    assert "Emplois partagés" not in mail.outbox[0].body
    # A minute later, the immediate alert has nothing new: watermarks, not only periods.
    assert services.digests_send(frequency=Frequency.IMMEDIATE, now=now + timedelta(minutes=1)).digests == 0
    weekly = services.digests_send(frequency=Frequency.WEEKLY, now=now)
    assert weekly.digests == 1 and "Emplois partagés" in mail.outbox[1].body
    assert mail.outbox[1].subject == "Vos alertes de la semaine : 1 nouveauté"
    assert services.digests_send(frequency=Frequency.WEEKLY, now=now + timedelta(seconds=5)).already_sent
    year, week, _ = timezone.localtime(now).isocalendar()
    assert DigestRun.objects.filter(frequency=Frequency.WEEKLY, period=f"{year}-S{week:02d}").exists()


def test_only_what_is_new_and_matches_the_page_filters():
    person = UserFactory()
    OrganisationFactory(name="Déjà là avant l'alerte")
    _mende_alert(person)
    OrganisationFactory(name="Une entreprise de Mende", kind="entreprise")
    OrganisationFactory(name="Association de Florac", commune=_commune("48061"))
    OrganisationFactory(name="Association nouvelle de Mende")
    services.digests_send(frequency=Frequency.DAILY)
    body = mail.outbox[0].body
    assert "Association nouvelle de Mende" in body
    for absent in ("Déjà là avant l'alerte", "Une entreprise de Mende", "Association de Florac"):
        assert absent not in body


def test_a_search_keeps_the_new_organisations_of_its_territories_only(django_assert_num_queries):
    from alliances.alerts.searches import DIRECTORY, FreshOrganisations

    person = UserFactory()
    for where in ("Mende", "48", "region:76", "30"):  # a commune, its département and région, the Gard
        services.alert_create_search(user=person, search_kind="acteurs", query=f"territoire={where}")
    before = timezone.now()
    florac = OrganisationFactory(name="Association de Florac", commune=_commune("48061"))
    services.digests_send(frequency=Frequency.DAILY, now=timezone.now() + timedelta(seconds=1))
    body = mail.outbox[0].body
    assert body.count("- Association de Florac (Florac") == 2, body  # the département's and the région's
    assert "Mende (48095)" not in body and "Gard" not in body

    # Read once per run with the territories of each commune: a search elsewhere costs no query.
    fresh = DIRECTORY.fresh(since=before, until=timezone.now())
    assert isinstance(fresh, FreshOrganisations) and fresh.ids == [florac.pk]
    commune = florac.commune
    assert fresh.ids_in([commune]) == fresh.ids_in([commune.epci, commune.departement]) == [florac.pk]
    assert fresh.ids_in([_commune("48095")]) == [] and fresh.ids_in([]) == [florac.pk]
    gard = DIRECTORY.parse(QueryDict("territoire=30"))
    with django_assert_num_queries(0):
        assert DIRECTORY.new_items(gard, since=before, until=timezone.now(), fresh=fresh) == []


def test_events_catalysts_and_the_need_search():
    person = UserFactory()
    # The need search ranks among the territory's organisations (they were there before the alert).
    for purpose in ("Club de football", "Chorale paroissiale", "Aide aux devoirs", "Amicale des pompiers"):
        OrganisationFactory(name=purpose, register_object=purpose)
    services.alert_create_search(user=person, search_kind="evenements", query="type=atelier")
    services.alert_create_search(user=person, search_kind="catalyseurs", query="territoire=48")
    services.alert_create_search(
        user=person, search_kind="besoin", query="besoin=jardin partagé&territoire=Mende", frequency=Frequency.DAILY
    )
    now = timezone.now()
    EventFactory(title="Atelier co-construction", published_at=now)
    EventFactory(title="Conférence", kind="conference", published_at=now)
    CatalystProfileFactory(name="Camille Catalyse", territories=[("departement", "48")], moderated_at=now)
    OrganisationFactory(name="Jardin partagé du Causse", register_object="Créer et animer un jardin partagé")
    services.digests_send(frequency=Frequency.DAILY, now=timezone.now() + timedelta(seconds=1))
    body = mail.outbox[0].body
    assert "Atelier co-construction" in body and "Conférence" not in body
    assert "Camille Catalyse" in body
    assert "== Recherche par besoin — « jardin partagé » · Mende (48095) ==" in body, body
    assert "Jardin partagé du Causse" in body


def test_a_need_saved_in_two_communes_is_ranked_once_each_reason_from_its_commune(monkeypatch):
    from alliances.actors import need
    from alliances.territories.models import Territory

    rankings, readings = [], []
    ranked_by_need, territory_documents = need.ranked_by_need, need.territory_documents
    monkeypatch.setattr(need, "ranked_by_need", lambda **kw: rankings.append(kw["need"]) or ranked_by_need(**kw))
    monkeypatch.setattr(need, "territory_documents", lambda f: readings.append(f) or territory_documents(f))
    Territory.objects.filter(kind="commune", code="48095").update(latitude=44.5181, longitude=3.5006)  # Mende
    Territory.objects.filter(kind="commune", code="48013").update(latitude=44.5386, longitude=3.5497)  # Badaroux
    saved = [("jardin partagé", "48095"), ("aide aux devoirs", "48095"), ("jardin partagé", "48013")]
    saved.append(("un potager pour les écoles", "48013"))
    for text, code in saved:
        services.alert_create_search(user=UserFactory(), search_kind="besoin", query=f"besoin={text}&territoire={code}")
    OrganisationFactory(name="Jardin partagé du Causse", register_object="Créer et animer un jardin partagé potager")
    services.digests_send(frequency=Frequency.DAILY, now=timezone.now() + timedelta(seconds=1))
    # One ranking per need of the intercommunality (none for the need nothing new can meet), its
    # organisations read once for both.
    assert sorted(rankings) == ["jardin partagé", "un potager pour les écoles"]
    assert len(readings) == 1
    bodies = [message.body for message in mail.outbox]
    assert len(bodies) == 3
    from_badaroux = [body for body in bodies if "Badaroux (48013)" in body]
    assert len(from_badaroux) == 2
    assert all(
        re.search(r"- Jardin partagé du Causse \(.* à Mende, \d km de Badaroux\)", body) for body in from_badaroux
    )
    from_mende = [body for body in bodies if "Mende (48095)" in body]
    assert from_mende and "Jardin partagé du Causse" in from_mende[0] and "km de" not in from_mende[0]


def test_followed_territory_and_alliance():
    person, pilot = UserFactory(), UserFactory()
    territory = _commune("48095")
    services.alert_follow_territory(user=person, territory=territory, frequency=Frequency.DAILY)
    alliance = AllianceFactory(title="Bien vieillir à Mende")
    MembershipFactory(alliance=alliance, user=pilot, role="pilote")
    services.alert_follow_alliance(user=person, alliance=alliance, frequency=Frequency.DAILY)
    OrganisationFactory(name="Les Jardins du Causse")
    from alliances.partnerships import services as partnerships

    partnerships.alliance_set_step(alliance=alliance, by=pilot, step="mobiliser")
    history_record(alliance=alliance, by=pilot, action="a ajouté : action", target="Réunion interne")
    services.digests_send(frequency=Frequency.DAILY, now=timezone.now() + timedelta(seconds=1))
    body = mail.outbox[0].body
    assert "== Territoire suivi — Mende (48095) ==" in body
    assert "- Les Jardins du Causse (Nouvelles organisations)" in body
    assert "== Alliance suivie — Bien vieillir à Mende ==" in body
    assert "- A changé d'étape (étape : Mobiliser)" in body
    # Not a member: the alliance's public life only, never its workspaces.
    assert "Réunion interne" not in body


def _commune(code):
    from alliances.territories.models import Territory

    return Territory.objects.current_communes().get(code=code)
