"""Browser test fixtures: Playwright for Python driving Debian's Chromium, headless, no network."""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import seed_reference_data

# Playwright's sync API runs an event loop in this thread; Django must still accept ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_JS = Path(__file__).with_name("vendor") / "axe.min.js"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if not path:
        if os.environ.get("CI"):
            pytest.fail("Chromium est requis en CI pour les tests navigateur")
        pytest.skip("Chromium absent (paquet Debian « chromium ») : tests navigateur ignorés")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def reference_data(transactional_db):
    seed_reference_data()


@pytest.fixture
def page(browser, live_server, reference_data):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8") + "\n;undefined"


def assert_accessible(page, *, context: str = "") -> None:
    """Run axe-core on the current page; fail on any serious or critical violation."""
    # Evaluated through the DevTools protocol, which the page's strict CSP does not block
    # (a <script> tag with axe's source would be an inline script, rightly refused).
    page.evaluate(_axe_source())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    blocking = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in blocking
    )
    assert not blocking, f"Violations d'accessibilité {context or page.url}:\n{details}"
