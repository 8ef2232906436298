"""Browser fixtures live in tests/browser/fixtures.py, registered for the whole suite by
tests/conftest.py (`pytest_plugins`), so that any app's tests can use `page` without importing
it (importing a fixture would start a second Playwright in the same process)."""

from tests.browser.fixtures import assert_accessible

__all__ = ["assert_accessible"]
