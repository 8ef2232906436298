"""Search by need in a real browser, on the real Lozère RNA file: from Mende's portrait, a need typed in
everyday words lists local associations with their reasons; from an alliance's mobiliser step, its own
problem brings suggestions without typing. axe-core and 375 px on every page."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.browser.test_journeys import check_page
from tests.conftest import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def lozere_associations(reference_data, shared_data):
    call_command("import_rna_nomenclature", str(shared_data / "rna-associations-nomenclature-waldec.csv"), verbosity=0)
    call_command("import_rna", str(shared_data / "rna_import_20241001_dpt_48.csv"), verbosity=0)


def _sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def test_a_need_from_mende_portrait_then_from_an_alliance_mobiliser_step(page, live_server, lozere_associations):
    """One test for both journeys: the real file is imported once (a second import in a flushed
    transactional database would cost as much again)."""
    page.set_default_timeout(60_000)  # the portrait and the ranking, on a shared machine
    page.goto("/territoires/commune/48095/")
    form = page.get_by_role("search", name="Chercher des partenaires à partir d'un besoin")
    assert form.get_by_role("combobox", name="Territoire").input_value() == "Mende (48095)"
    form.get_by_label("Décrivez votre besoin").fill("rompre la solitude de nos aînés")
    form.get_by_role("button", name="Trouver des partenaires").click()
    page.wait_for_url(re.compile(r".*/acteurs/besoin/\?.*besoin=rompre.*"))
    assert page.get_by_role("heading", name=re.compile(r"^\d+ organisations? pour ce besoin$")).is_visible()
    results = page.locator("ol.organisation-list > li")
    names = results.locator("h3").all_inner_texts()
    assert len(names) >= 5
    # Associations for the elderly, though none writes "solitude" or "aînés" in its purpose.
    assert any(re.search(r"TROISIEME AGE|PERSONNES AGEES|RETRAIT", name) for name in names[:10]), names[:10]
    reasons = results.locator(".reason").all_inner_texts()
    assert len(reasons) == len(names) and all(reason.startswith("Pourquoi :") for reason in reasons)
    assert all(re.search(r"à [^,]+(, \d+ km de Mende)?$", reason) for reason in reasons)
    check_page(page, "besoin-1-depuis-le-portrait-de-mende")

    from alliances.partnerships import services
    from alliances.partnerships.enums import Visibility
    from tests.partnerships.factories import mende

    pilot = make_user("pilote@mende.example", first_name="Paule")
    alliance = services.alliance_create(
        by=pilot,
        organisation_name="Mairie de Mende",
        data={
            "title": "Personne ne reste seul",
            "problem": "Beaucoup de personnes âgées vivent seules dans les hameaux et ne voient plus personne.",
            "territory": mende(),
            "lead_organisation_name": "Mairie de Mende",
            "visibility": Visibility.MEMBERS,
            "sdgs": [3],
        },
    )
    _sign_in(page, live_server, user=pilot)
    page.goto(reverse("partnerships:step", args=[alliance.pk, "mobiliser"]))
    heading = page.get_by_role("heading", name="Qui peut agir sur le problème de l'alliance ?")
    assert heading.is_visible()
    assert page.get_by_label("Décrivez votre besoin").input_value().startswith("Beaucoup de personnes âgées")
    suggestions = page.locator("ul.need-suggestions > li")
    assert suggestions.count() >= 3
    first = suggestions.first
    name = first.locator("a").first.inner_text()
    assert "Pourquoi :" in first.inner_text()
    check_page(page, "besoin-2-etape-mobiliser")
    first.get_by_role("button", name=re.compile(r"^Ajouter à la carte")).click()
    page.wait_for_url(re.compile(r".*/espace/mobiliser/#carte$"))
    assert name in page.get_by_role("table", name="Acteurs et statut").inner_text()
    assert name not in page.locator("ul.need-suggestions").inner_text()
