"""An association director finds the calls for partners from the home page, types "Mende", opens a
call and reaches the answer form; every page passes axe-core and fits 375 px."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_journeys import _sign_in, check_page
from tests.partnerships.calls_world import calls_world

pytestmark = pytest.mark.browser


def test_a_director_finds_a_call_near_mende_and_reaches_the_answer_form(page, live_server, reference_data):
    world = calls_world()
    page.goto("/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Appels à partenaires"
    ).click()
    page.wait_for_url("**/appels/")
    assert page.get_by_role("heading", level=2).first.inner_text() == "5 appels à partenaires ouverts"
    assert page.get_by_role("link", name="Cantines de Lyon", exact=True).count() == 1
    check_page(page, "appels-1-liste")

    territory = page.get_by_role("combobox", name="Territoire")
    territory.press_sequentially("Mende", delay=40)
    territory.press("Escape")  # closes the suggestions, picks nothing: the typed name is enough
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("heading", name="2 appels à partenaires ouverts pour Mende").wait_for()
    assert page.get_by_role("link", name="Cantines de Lyon", exact=True).count() == 0
    assert page.get_by_role("link", name="Aînés de Lozère", exact=True).count() == 1
    assert re.search(r"territoire=Mende", page.url)
    check_page(page, "appels-2-mende")

    # Anonymous: the answer button leads to the sign-in page, which brings back to the answer form.
    answer = page.get_by_role("link", name=re.compile("Se connecter pour répondre à l'appel « Emploi des jeunes"))
    assert "/compte/login/?next=" in answer.get_attribute("href")

    _sign_in(page, live_server)
    page.reload()
    page.get_by_role("link", name="Emploi des jeunes à Mende", exact=True).click()
    page.wait_for_url(f"**/alliances/{world.mende.pk}/")
    assert "Réponse attendue avant le" in page.locator("#appel").locator("..").inner_text()
    check_page(page, "appels-3-alliance")
    page.get_by_role("link", name="Répondre à l'appel").click()
    page.wait_for_url(f"**/alliances/{world.mende.pk}/rejoindre/?appel=1")
    assert page.get_by_role("heading", level=1).inner_text() == "Répondre à l'appel à partenaires"
    assert page.get_by_role("button", name="Envoyer ma demande").is_visible()
    check_page(page, "appels-4-reponse")
