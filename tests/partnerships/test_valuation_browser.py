"""In Chromium: a partner adds skills typed the French way and reads the valued contributions, desktop and 375 px."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client

from alliances.partnerships import services
from alliances.partnerships.enums import MemberRole, Visibility
from alliances.partnerships.models import Commitment, Membership
from tests.browser.conftest import assert_accessible
from tests.conftest import make_user
from tests.partnerships.factories import mende

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 800}


def _sign_in(page, user, live_server) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _no_sideways_scroll(page) -> None:
    width = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert_accessible(page, context=f"{page.url} à 375 px")
    finally:
        page.set_viewport_size(width or {"width": 1280, "height": 800})


def test_a_member_adds_ten_and_a_half_hours_at_45_and_reads_472_50(page, live_server):
    pilot = make_user("pilote@exemple.fr", display_name="Paule Pilote")
    alliance = services.alliance_create(
        by=pilot,
        organisation_name="Mairie de Mende",
        data={
            "title": "Emploi des jeunes à Mende",
            "problem": "Les jeunes partent.",
            "territory": mende(),
            "lead_organisation_name": "Mairie de Mende",
            "visibility": Visibility.MEMBERS,
        },
    )
    partner = make_user("asso@exemple.fr", display_name="Pierre Partenaire")
    Membership.objects.create(
        alliance=alliance, user=partner, role=MemberRole.PARTNER, organisation_name="Association Lozère Solidaire"
    )
    _sign_in(page, partner, live_server)
    page.goto(f"/alliances/{alliance.pk}/espace/co-construire/")
    page.get_by_role("link", name="Ajouter un engagement").click()
    main = page.locator("main")
    main.get_by_label("Type d'engagement").select_option(label="Mécénat de compétences")
    # Only the fields of skills show: hours and rate, not an amount.
    assert main.get_by_label("Nombre d'heures").is_visible()
    assert not main.get_by_label("Montant ou valeur (€)").is_visible()
    main.get_by_label("Description").fill("Mentorat de jeunes par une conseillère d'insertion")
    main.get_by_label("Nombre d'heures").press_sequentially("10,5")
    main.get_by_label("Taux horaire (€/h)").press_sequentially("45")
    assert_accessible(page, context="formulaire d'engagement")
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/alliances/{alliance.pk}/espace/co-construire/")
    assert Commitment.objects.get().amount_eur == Decimal("472.50")
    assert "10,5\u00a0h × 45,00\u00a0€/h" in page.locator("main").inner_text()

    page.goto(f"/alliances/{alliance.pk}/")
    section = page.get_by_role("region", name="Valorisation des contributions")
    assert section.get_by_test_id("valorisation-total").inner_text() == "472,50\u00a0€"
    table = section.get_by_role("table", name="Valeur des contributions par partenaire et par nature")
    row = table.get_by_role("row", name="Association Lozère Solidaire")
    assert row.get_by_role("cell").all_inner_texts() == [
        "0,00\u00a0€",
        "472,50\u00a0€",
        "0,00\u00a0€",
        "0,00\u00a0€",
        "472,50\u00a0€",
    ]
    assert_accessible(page, context="vue d'ensemble avec la valorisation")
    _no_sideways_scroll(page)
    with page.expect_download() as download:
        section.get_by_role("link", name="Télécharger la valorisation (CSV, tableur)").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Association Lozère Solidaire;0,00;472,50;0,00;0,00;472,50;10,5;0;1;0" in content
