"""In a real browser: filter the directory by "Mende", create an alert, find it on the management page."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from tests.actors.factories import OrganisationFactory
from tests.browser.conftest import assert_accessible
from tests.conftest import make_user

pytestmark = pytest.mark.browser


def _accessible_at_both_widths(page, name: str) -> None:
    assert_accessible(page, context=name)
    width = page.viewport_size
    page.set_viewport_size({"width": 375, "height": 800})
    try:
        assert_accessible(page, context=f"{name} (375 px)")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, f"{name} défile latéralement à 375 px"
    finally:
        page.set_viewport_size(width or {"width": 1280, "height": 800})


def test_save_the_directory_filtered_by_mende_as_an_alert(page, live_server):
    OrganisationFactory(name="Les Jardins du Causse")
    user = make_user("lea@mende.example")
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto("/acteurs/")
    page.get_by_role("combobox", name="Territoire").fill("Mende")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*territoire=.*"))
    page.get_by_role("link", name="Créer une alerte").click()
    page.wait_for_url(re.compile(r".*/compte/alertes/creer/.*"))
    assert page.get_by_text("Annuaire des acteurs — Mende (48095)").is_visible()
    _accessible_at_both_widths(page, "création d'une alerte")
    page.get_by_label("Une fois par semaine").check()
    page.get_by_role("button", name="Créer l'alerte").click()
    page.wait_for_url(re.compile(r".*/compte/alertes/$"))
    assert page.get_by_role("heading", name="Annuaire des acteurs — Mende (48095)").is_visible()
    assert page.get_by_text("Une fois par semaine").first.is_visible()
    _accessible_at_both_widths(page, "mes alertes")
    # The other pages of the app: notifications, and the unsubscribe confirmation (no sign-in needed).
    from alliances.alerts.models import Alert
    from alliances.alerts.services import notify
    from alliances.alerts.tokens import unsubscribe_token

    notify(user=user, text="Votre demande pour rejoindre l'alliance « Bien vieillir » est acceptée.", email=False)
    page.reload()
    assert page.get_by_role("link", name="Notifications 1 non lue").is_visible()
    page.get_by_role("link", name="Notifications 1 non lue").click()
    assert page.get_by_role("link", name=re.compile("Bien vieillir")).is_visible()
    _accessible_at_both_widths(page, "notifications")
    alert = Alert.objects.get(user=user)
    page.context.clear_cookies()
    page.goto(f"/alertes/desabonnement/{unsubscribe_token(user_id=user.pk, alert_ids=[alert.pk])}/")
    _accessible_at_both_widths(page, "désabonnement")
    page.get_by_role("button", name="Me désabonner").click()
    assert page.get_by_text("vous ne recevrez plus cette alerte").is_visible()
    alert.refresh_from_db()
    assert alert.is_paused
