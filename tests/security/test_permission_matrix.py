"""Every URL pattern and API operation, requested by every role, gets the status its entry expects.

A view without an entry fails `test_every_url_pattern_and_api_operation_has_an_entry`; the
entries live in `tests/security/matrix/<app>.py` (see `tests/security/matrix/__init__.py`).
Each role's request runs in a savepoint rolled back afterwards, so a deletion by one role does
not change what the next one sees. Unsafe methods are sent with a valid CSRF token, and once
more without one, which must be refused (403). A refused write (login, 403, 404, 405) must also
leave every row of the project's tables as it was: a refusal after a partial write is a failure.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.security import matrix
from tests.security.routes import api_operations, url_patterns

pytestmark = pytest.mark.django_db

ENTRIES = matrix.entries()
ROUTES = url_patterns() + api_operations()
KNOWN = {route.key: route for route in ROUTES}
CSRF_TOKEN = "k" * 32  # an unmasked secret: Django accepts it in the cookie and the header
REFUSED = (matrix.LOGIN, 403, 404, 405)
# The project's tables; the audit log may record a refused attempt, that is its purpose. The
# territory referential (~100,000 rows loaded once per session, written only by `load_territories`)
# is left out: reading it twice per role and per write case made this file a tenth of the suite.
OWN_MODELS = [
    model
    for model in apps.get_models()
    if model.__module__.startswith("alliances.")
    and model._meta.managed
    and model._meta.label != "core.AuditEntry"
    and model._meta.app_label != "territories"
]


def _database_state() -> dict[str, list[tuple]]:
    """Every row of the project's tables (the test world is small)."""
    return {model._meta.label: list(model._default_manager.order_by("pk").values_list()) for model in OWN_MODELS}


def _changes(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> list[str]:
    return [
        f"{label} ({len(rows)} → {len(after[label])} lignes)" for label, rows in before.items() if after[label] != rows
    ]


def test_every_url_pattern_and_api_operation_has_an_entry():
    missing = [route for route in ROUTES if route.key not in ENTRIES]
    message = "\n".join(
        f"- {route.key!r} ({route.route} → {route.view}) : ajoutez son entrée dans tests/security/matrix/{route.app}.py"
        for route in missing
    )
    assert not missing, f"{len(missing)} vue(s) sans entrée dans la matrice des permissions :\n{message}"


def test_every_entry_names_an_existing_url_pattern_or_api_operation():
    stale = sorted(key for key in ENTRIES if key not in KNOWN)
    assert not stale, f"Entrées sans vue correspondante (renommée ou supprimée ?) : {stale}"


def _classify(response) -> int | str:
    if response.status_code in (301, 302, 303):
        location = response.headers.get("Location", "")
        if location.startswith((reverse("account_login"), reverse("admin:login"))):
            return matrix.LOGIN
    return response.status_code


def request_as(world, case: matrix.Case, role: str, *, csrf: bool = True) -> int | str:
    """The status `role` gets for `case`; the request's writes are rolled back."""
    client = Client(enforce_csrf_checks=True)
    user = world.users[role]
    with transaction.atomic():
        cache.clear()  # rate limits must not leak from one role to the next
        if user is not None:
            client.force_login(user)
        extra = {}
        before = _database_state() if case.method != "get" else None
        if case.method != "get" and csrf:
            client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_TOKEN
            extra["HTTP_X_CSRFTOKEN"] = CSRF_TOKEN
        try:
            response = getattr(client, case.method)(
                case.resolve_url(world), case.resolve_data(world), headers=case.headers, **extra
            )
            status = _classify(response)
            if before is not None and status in REFUSED and (changed := _changes(before, _database_state())):
                status = f"{status} mais écrit : {', '.join(changed)}"
            if response.streaming:
                # Read through the client's wrapper, which closes the file without closing the
                # database connection (a bare response.close() would, on PostgreSQL).
                b"".join(response.streaming_content)
        except Exception as error:  # a crash is reported in the table, not raised
            status = f"500 {type(error).__name__}: {str(error)[:120]}"
        transaction.set_rollback(True)
    return status


def _table(expected: dict, observed: dict) -> str:
    lines = [f"    {'rôle':<14} {'attendu':<10} obtenu"]
    for role in matrix.ROLES:
        mark = "" if expected[role] == observed[role] else "   <-- différent"
        lines.append(f"    {role:<14} {expected[role]!s:<10} {observed[role]}{mark}")
    return "\n".join(lines)


@pytest.mark.parametrize("key", sorted(key for key in ENTRIES if key in KNOWN))
def test_permission_matrix(world, key):
    module, cases = ENTRIES[key]
    failures = []
    for case in cases:
        url = case.resolve_url(world)
        observed = {role: request_as(world, case, role) for role in matrix.ROLES}
        if observed != case.expected:
            failures.append(
                f"{case.method.upper()} {url} {case.label}\n{_table(case.expected, observed)}\n"
                f"    observé : {matrix.as_expect_call(observed)}"
            )
        if case.method != "get" and not case.csrf_exempt:
            # CSRF: the role that succeeds must be refused without a token.
            allowed = [role for role in matrix.ROLES if case.expected[role] not in REFUSED]
            if allowed:
                status = request_as(world, case, allowed[0], csrf=False)
                if status != 403:
                    failures.append(
                        f"{case.method.upper()} {url} sans jeton CSRF ({allowed[0]}) : {status}, attendu 403"
                    )
    assert not failures, f"{key} (tests/security/matrix/{module}.py)\n" + "\n".join(failures)
