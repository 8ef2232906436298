"""An association director signs up, links their account to their association (validated by a
moderator in a second browser context), finds on /mon-espace/ the calls that match it and answers
one « au titre de » the association, the link shown as verified; the call's pilot accepts the answer
(a third context), and the director is told: in the header, on the notifications page, by email.

Emails go through the production queue and the real worker (`task_worker`): each one is sent when
the test runs the worker, as `alliances run_worker` would, never by the request itself."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.utils import timezone

from alliances.accounts.enums import Role
from alliances.actors.services import organisation_set_themes
from alliances.partnerships.enums import MemberRole
from alliances.partnerships.models import JoinRequest, Membership
from tests.actors.factories import OrganisationFactory
from tests.browser.test_journeys import check_page
from tests.conftest import make_user
from tests.partnerships.factories import AllianceFactory

pytestmark = pytest.mark.browser
PASSWORD = "un-mot-de-passe-solide-2026"


def _sign_up(tab, email: str, live_url: str, deliver) -> None:
    """Sign up through allauth and confirm the address through the emailed link (`deliver` runs
    the worker that sends it)."""
    before = len(mail.outbox)
    tab.goto("/compte/signup/")
    tab.locator("input[name=email]").fill(email)
    tab.locator("input[name=password1]").fill(PASSWORD)
    tab.locator("input[name=password2]").fill(PASSWORD)
    tab.locator("main form button[type=submit]").last.click()
    tab.wait_for_load_state()
    assert not [m for m in mail.outbox[before:] if email in m.to]  # queued, not sent by the request
    deliver()
    confirmation = next(m for m in mail.outbox[before:] if email in m.to)
    tab.goto(re.search(re.escape(live_url) + r"(/\S+)", confirmation.body).group(1))
    tab.get_by_role("button", name="Confirmer").click()
    tab.wait_for_load_state()


def _signed_in_context(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(10_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def test_association_director_links_to_their_association_and_answers_a_matching_call(
    page, browser, live_server, task_worker
):
    tremplin = OrganisationFactory(name="Association Tremplin", website="https://www.asso-tremplin.example")
    organisation_set_themes(organisation=tremplin, theme_codes=["030000"])  # aide à l'emploi, développement local
    call = AllianceFactory(
        title="Premier emploi des jeunes à Mende",
        call_open=True,
        call_text="Nous cherchons des associations d'insertion.",
        call_deadline=timezone.localdate() + timedelta(days=20),
        fragilities=["emploi"],
    )
    AllianceFactory(title="Jardins partagés", call_open=True, fragilities=["alimentation"])
    pilot = make_user("pilote@mende.example", display_name="Pilote de Mende")
    Membership.objects.create(alliance=call, user=pilot, role=MemberRole.PILOT, organisation_name="Mairie")
    moderator = make_user("moderatrice@alliances.example", display_name="Modératrice")
    moderator.groups.add(Group.objects.get_or_create(name=Role.MODERATOR.value)[0])

    # 1. The director signs up: signing in leads to their space, which says what to do.
    _sign_up(page, "lea.martin@courriel.example", live_server.url, task_worker)
    page.goto("/")
    page.get_by_role("link", name="votre espace").click()
    page.wait_for_url("**/mon-espace/")
    assert "Votre compte n'est rattaché à aucune organisation" in page.locator("main").inner_text()
    check_page(page, "espace-1-vide")

    # 2. Finds the association in the directory and asks to manage its page (no address on its domain).
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Acteurs").click()
    page.get_by_label("Nom ou objet").fill("Tremplin")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name="Association Tremplin").click()
    page.get_by_role("link", name="Demander à gérer sa fiche").click()
    assert "@asso-tremplin.example" in page.locator("main").inner_text()
    check_page(page, "espace-2-rattachement")
    page.get_by_label("Votre lien avec l'organisation").fill("Je dirige l'association depuis 2022.")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.get_by_text("un modérateur va l'examiner").wait_for()

    # 3. A moderator, in a second browser context, validates it from their space.
    moderator_context = _signed_in_context(browser, live_server, moderator)
    try:
        tab = moderator_context.new_page()
        tab.goto("/mon-espace/")
        assert "1 demande pour une organisation" in tab.locator("main").inner_text()
        tab.get_by_role("link", name="Rattachements à vérifier").click()
        assert "Je dirige l'association depuis 2022." in tab.locator("main").inner_text()
        check_page(tab, "espace-3-moderation")
        tab.get_by_role("button", name="Accepter").first.click()
        tab.get_by_text("Demande acceptée : Association Tremplin.").wait_for()
    finally:
        moderator_context.close()
    before = len(mail.outbox)
    task_worker()
    assert [m.subject for m in mail.outbox[before:] if m.to == ["lea.martin@courriel.example"]] == [
        "Vous gérez maintenant la fiche « Association Tremplin »"
    ]

    # 4. The director's space: the association, verified, and the call that matches its themes.
    page.goto("/mon-espace/")
    block = page.locator("#space-organisation").locator("..")
    assert "lien vérifié" in block.inner_text()
    assert "Premier emploi des jeunes à Mende" in block.inner_text()
    assert "Jardins partagés" not in block.inner_text()
    check_page(page, "espace-4-organisation-verifiee")

    # 5. Answers the call « au titre de » the association (prefilled), and sees the link verified.
    block.get_by_role("link", name="Répondre à l'appel « Premier emploi des jeunes à Mende »").click()
    assert page.get_by_label(re.compile(r"^Organisation")).first.input_value() == "Association Tremplin"
    check_page(page, "espace-5-reponse")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url(f"**{call.get_absolute_url()}")
    answer = JoinRequest.objects.get(alliance=call)
    assert (answer.organisation, answer.answers_call) == (tremplin, True)
    page.goto("/mon-espace/")
    pending = page.locator("main li", has_text="Premier emploi des jeunes à Mende").filter(has_text="au titre de")
    assert "lien vérifié" in pending.inner_text() and "non vérifié" not in pending.inner_text()
    check_page(page, "espace-6-demande")
    before = len(mail.outbox)
    task_worker()  # the pilots are told of the answer by email
    assert [m.subject for m in mail.outbox[before:] if m.to == ["pilote@mende.example"]] == [
        "Nouvelle demande pour l'alliance « Premier emploi des jeunes à Mende »"
    ]

    # 6. The call's pilot, in a third browser context, accepts the answer from the members' page.
    pilot_context = _signed_in_context(browser, live_server, pilot)
    try:
        tab = pilot_context.new_page()
        tab.goto(call.get_absolute_url())
        tab.get_by_role("link", name=re.compile(r"^Membres")).first.click()
        waiting = tab.locator("#demandes").locator("..")
        assert "Association Tremplin" in waiting.inner_text()
        assert "en réponse à l'appel à partenaires" in waiting.inner_text()
        waiting.get_by_role("button", name="Accepter Association Tremplin").click()
        tab.get_by_text("Réponse enregistrée.").wait_for()
        assert "Demandes en attente" not in tab.locator("main").inner_text()
        check_page(tab, "espace-7-pilote-accepte")
    finally:
        pilot_context.close()
    answer.refresh_from_db()
    assert answer.status == "acceptee"

    # 7. The director is told on the site: the header counts one unread notification…
    told = (
        "Votre réponse à l'appel à partenaires de l'alliance « Premier emploi des jeunes à Mende » "
        "est acceptée : vous êtes membre."
    )
    page.goto("/mon-espace/")
    header_link = page.get_by_role("link", name=re.compile(r"^Notifications"))
    assert header_link.inner_text().split() == ["Notifications", "1", "non", "lue"]
    # … the notifications page says what happened and links to the alliance; opening it reads it.
    header_link.click()
    page.wait_for_url("**/compte/notifications/")
    item = page.locator("main li", has_text=told)
    assert "Nouveau" in item.inner_text()
    assert item.get_by_role("link", name=told).get_attribute("href") == call.get_absolute_url()
    check_page(page, "espace-8-notification")
    page.reload()
    assert page.get_by_role("link", name=re.compile(r"^Notifications")).inner_text().strip() == "Notifications"
    assert "Nouveau" not in page.locator("main").inner_text()
    # … and by email, sent by the worker (not by the pilot's request), with the same words and link.
    before = len(mail.outbox)
    assert not [m for m in mail.outbox if m.subject == told]
    task_worker()
    accepted = [m for m in mail.outbox[before:] if m.to == ["lea.martin@courriel.example"]]
    assert len(accepted) == 1, [m.subject for m in mail.outbox[before:]]
    assert accepted[0].subject == told
    assert f"{settings.ALLIANCES_SITE_URL.rstrip('/')}{call.get_absolute_url()}" in accepted[0].body
    # The notification leads to the alliance, where the association is now listed among the partners.
    page.get_by_role("link", name=told).click()
    page.wait_for_url(f"**{call.get_absolute_url()}")
    partners = page.locator("#partenaires").locator("..")
    assert "Association Tremplin — Partenaire" in partners.inner_text()
    assert page.get_by_role("link", name="Répondre à l'appel").count() == 0
