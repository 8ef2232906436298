"""The whole loop of an alliance, as a new user would walk it, in two browser contexts."""

import io
import re
import zipfile

import pytest
from django.core import mail

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser
PASSWORD = "un-mot-de-passe-solide-2026"


def _link(message, live_url: str) -> str:
    return re.search(re.escape(live_url) + r"(/\S+)", message.body).group(1)


def _sign_up(tab, email: str, live_url: str) -> None:
    """Sign up and confirm the address through the emailed link."""
    before = len(mail.outbox)
    tab.goto("/compte/signup/")
    tab.locator("input[name=email]").fill(email)
    tab.locator("input[name=password1]").fill(PASSWORD)
    tab.locator("input[name=password2]").fill(PASSWORD)
    tab.locator("main form button[type=submit]").last.click()
    tab.wait_for_load_state()
    confirmation = next(m for m in mail.outbox[before:] if email in m.to)
    tab.goto(_link(confirmation, live_url))
    tab.get_by_role("button", name="Confirmer").click()
    tab.wait_for_load_state()


def test_sign_up_create_invite_commit_meet_measure_and_generate_the_convention(page, browser, live_server):
    # 1. A mayor's agent signs up and starts an alliance on Mende.
    _sign_up(page, "agent@mende.example", live_server.url)
    page.goto("/alliances/")
    assert_accessible(page, context="tableau de bord")
    page.get_by_role("link", name="Démarrer une alliance").click()
    page.locator("main").get_by_label("Titre").fill("Premier emploi à Mende")
    page.locator("main").get_by_label("Problème local traité").fill("Les jeunes partent faute de premier emploi.")
    page.locator("main").get_by_role("combobox", name=re.compile(r"^Territoire")).fill("Mende")
    page.locator("main").get_by_label(re.compile(r"^Organisation porteuse")).fill("Mairie de Mende")
    # Not in the directory yet: the picker offers to create it, with its type.
    page.locator("main").get_by_label("Type (organisation porteuse), si elle n'est pas dans l'annuaire").select_option(
        "collectivite"
    )
    page.locator("main").get_by_label("ODD 8 — Travail décent et croissance économique").check()
    page.get_by_role("button", name="Créer l'alliance").click()
    page.wait_for_url(re.compile(r"/alliances/\d+/$"))
    alliance_url = page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Premier emploi à Mende"
    assert_accessible(page, context="vue d'ensemble")

    # 2. She invites a partner; the emailed link is opened in a second browser context.
    page.get_by_role("link", name="Membres").first.click()
    page.locator("main").get_by_label("Adresse électronique de la personne invitée").fill("asso@tremplin.example")
    page.locator("main").get_by_label(re.compile(r"^Organisation qu.elle représente")).fill("Association Tremplin")
    page.locator("main").get_by_label(
        "Type (organisation qu'elle représente), si elle n'est pas dans l'annuaire"
    ).select_option("association")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    assert "Invitation envoyée" in page.content()
    assert_accessible(page, context="membres")
    invitation = next(m for m in mail.outbox if "asso@tremplin.example" in m.to)
    invitation_path = _link(invitation, live_server.url)

    partner_context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    partner_context.set_default_timeout(10_000)
    partner = partner_context.new_page()
    _sign_up(partner, "asso@tremplin.example", live_server.url)
    partner.goto(invitation_path)
    assert "Association Tremplin" in partner.content()
    partner.get_by_role("button", name="Rejoindre l'alliance").click()
    partner.wait_for_url(alliance_url)

    # 3. The partner records its commitment (it can only choose its own organisation).
    partner.get_by_role("link", name="3. Co-construire").click()
    partner.get_by_role("link", name="Ajouter un engagement").click()
    partner.locator("main").get_by_label("Type d'engagement").select_option("competences")
    partner.locator("main").get_by_label("Description").fill("Accompagnement de vingt jeunes par an")
    partner.locator("main").get_by_label("Nombre d'heures").fill("400")
    partner.locator("main").get_by_label("Taux horaire (€/h)").fill("45")
    partner.get_by_role("button", name="Enregistrer").click()
    assert "Accompagnement de vingt jeunes par an" in partner.content()
    partner_context.close()

    # 4. The pilot records a meeting.
    page.goto(alliance_url + "espace/agir/")
    assert_accessible(page, context="espace agir")
    page.get_by_role("link", name="Ajouter une réunion").click()
    page.locator("main").get_by_label("Intitulé").fill("Comité de lancement")
    page.locator("main").get_by_label("Date et heure").fill("2026-12-01T18:00")
    page.locator("main").get_by_label("Décisions").fill("Lancer l'appel à partenaires")
    page.get_by_role("button", name="Enregistrer").click()
    assert "Comité de lancement" in page.content()

    # 5. An indicator with two measurements, drawn as a chart with its table.
    page.goto(alliance_url + "espace/evaluer/")
    page.get_by_role("link", name="Ajouter un indicateur").click()
    page.locator("main").get_by_label("Indicateur").fill("Jeunes en emploi")
    page.locator("main").get_by_label("Dimension").select_option("innovation")
    page.locator("main").get_by_label("Unité").fill("jeunes")
    page.locator("main").get_by_label("Valeur de départ").fill("0")
    page.locator("main").get_by_label("Cible").fill("15")
    page.get_by_role("button", name="Enregistrer").click()
    for day, value in (("2026-03-01", "4"), ("2026-09-01", "9")):
        form = page.get_by_role("form", name="Ajouter une mesure à « Jeunes en emploi »")
        form.locator("input[name=date]").fill(day)
        form.locator("input[name=value]").fill(value)
        form.locator("input[name=source]").fill("Mission locale")
        form.get_by_role("button", name="Ajouter la mesure").click()
        page.wait_for_load_state()
    assert page.locator("svg polyline").count() == 1
    assert page.get_by_role("table", name=re.compile("Mesures de l'indicateur")).locator("tbody tr").count() == 4
    assert_accessible(page, context="espace évaluer")

    # 6. The convention file opens and names both partners and the commitment.
    page.goto(alliance_url + "espace/co-construire/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="télécharger au format ODT").click()
    with open(download_info.value.path(), "rb") as odt:
        content = zipfile.ZipFile(io.BytesIO(odt.read())).read("content.xml").decode()
    assert "Mairie de Mende" in content and "Association Tremplin" in content
    assert "Accompagnement de vingt jeunes par an" in content and "18\u202f000,00\u00a0€" in content

    # 7. Publish as a practice draft; a moderator publishes it.
    page.goto(alliance_url + "espace/evaluer/")
    page.get_by_role("button", name="Publier comme pratique").click()
    page.wait_for_url(re.compile(r"/pratiques/\d+/$"))
    practice_url = page.url
    assert "Premier emploi à Mende" in page.content()

    from django.contrib.auth.models import Group

    from tests.conftest import make_user

    moderator = make_user("moderatrice@exemple.fr", display_name="Modératrice")
    moderator.groups.add(Group.objects.get_or_create(name="moderateur")[0])
    moderator_context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    moderator_context.set_default_timeout(10_000)
    moderation = moderator_context.new_page()
    moderation.goto("/compte/login/")
    moderation.locator("main input[name=login]").fill("moderatrice@exemple.fr")
    moderation.locator("main input[name=password]").fill("motdepasse-solide-42")
    moderation.locator("main form button[type=submit]").last.click()
    moderation.wait_for_load_state()
    moderation.goto(practice_url)
    moderation.get_by_label("Publier").check()
    moderation.get_by_role("button", name="Valider la décision").click()
    moderation.wait_for_load_state()
    moderator_context.close()
    from alliances.practices.models import Practice

    assert Practice.objects.get(source_alliance_id=int(alliance_url.rstrip("/").split("/")[-1])).status == "publiee"
