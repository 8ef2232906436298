"""In a real browser: answer the whole self-assessment with the keyboard only, read the results, open the PDF."""

import re

import pytest
from django.test import Client

from tests.assessment.factories import UserFactory
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def _sign_in(page, live_server):
    user = UserFactory(display_name="Camille Testeuse")
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return user


def _tab_to_radio(page, name: str) -> None:
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.type, document.activeElement.name]")
        if focused == ["radio", name]:
            return
    raise AssertionError(f"La question {name} n'est pas atteignable au clavier")


def _tab_to(page, text: str) -> None:
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            return
    raise AssertionError(f"« {text} » n'est pas atteignable au clavier")


def test_answer_everything_with_the_keyboard_then_results_recommendations_and_pdf(page, live_server):
    _sign_in(page, live_server)
    page.goto("/autodiagnostic/")
    assert_accessible(page, context="accueil de l'autodiagnostic")
    page.goto("/autodiagnostic/referentiel/")
    assert_accessible(page, context="référentiel")

    page.goto("/autodiagnostic/commencer/?territoire=commune:48095")
    assert_accessible(page, context="formulaire de départ")
    page.get_by_role("combobox", name="Territoire évalué").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/autodiagnostic/\d+/axe/connaissance/$"))
    assert_accessible(page, context="questionnaire")

    axes = ["connaissance", "mobilisation", "gouvernance", "experimentation", "ressources", "evaluation"]
    answered = 0
    for position, slug in enumerate(axes):
        page.wait_for_url(re.compile(rf"/axe/{slug}/$"))
        names = page.eval_on_selector_all(
            "fieldset.question input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
        )
        assert len(names) >= 4
        for number, name in enumerate(names):
            _tab_to_radio(page, name)
            page.keyboard.press("Space")  # level 1 « découverte »
            for _ in range((position + number) % 4):
                page.keyboard.press("ArrowDown")  # one level up per press
        answered += len(names)
        # htmx saved each choice as it was made: the status line counts them (as a person would wait for it).
        page.get_by_role("status").filter(has_text=f"{answered} questions sur 24").wait_for()
        _tab_to(
            page,
            "Enregistrer et passer à l'axe suivant" if slug != "evaluation" else "Enregistrer et voir le récapitulatif",
        )
        page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/autodiagnostic/\d+/$"))
    _tab_to(page, "Terminer et voir les résultats")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/autodiagnostic/\d+/resultats/$"))

    radar = page.locator("svg.chart-radar")
    assert radar.is_visible() and radar.get_attribute("role") == "img"
    assert page.get_by_role("table").filter(has_text="Scores par axe").locator("tbody tr").count() == 6
    assert page.get_by_role("heading", name="Vos trois points les plus faibles").is_visible()
    links = page.get_by_test_id("recommendations").get_by_role("link")
    assert links.count() >= 3
    for href in [links.nth(i).get_attribute("href") for i in range(links.count())]:
        response = page.request.get(href.split("#")[0])
        assert response.status == 200, href
    assert_accessible(page, context="résultats")

    pdf_href = page.get_by_role("link", name="Télécharger les résultats en PDF").get_attribute("href")
    pdf = page.request.get(pdf_href)
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body()[:4] == b"%PDF"
