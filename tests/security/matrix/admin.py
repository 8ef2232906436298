"""Permission matrix: the Django admin, generated from the admin site's own URL patterns.

Only administrators (staff) get in; every other role, signed in or not, is sent to the admin's
sign-in page. Object pages use the first object of each model (pk 0 when there is none: the
admin then redirects to its index with a message).
"""

from __future__ import annotations

import re

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

from tests.security.matrix import LOGIN, expect, get, post
from tests.security.routes import url_patterns

ADMIN_ONLY = expect(LOGIN, administrator=200)


def _model_of(route: str):
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    if not match:
        return None
    for model in admin.site._registry:
        if (model._meta.app_label, model._meta.model_name) == match.groups():
            return model
    return None


def _object_url(route: str):
    model = _model_of(route)

    def url(world) -> str:
        first = model._default_manager.order_by("pk").first()
        pk = first.pk if first is not None else 0
        path = re.sub(r"<[^>]+>", str(pk), route, count=1)
        return "/" + path

    return url


def _view_on_site(world) -> str:
    from alliances.territories.models import Territory

    territory = Territory.objects.get(kind="departement", code="48")
    return f"/admin/r/{ContentType.objects.get_for_model(Territory).pk}/{territory.pk}/"


# Exceptions to ADMIN_ONLY, by URL name.
SPECIAL = {
    "admin:login": [get("/admin/login/", expect(200, administrator=302))],
    # Signing out is a POST; a GET by a non-staff user is sent back to the admin's sign-in.
    "admin:logout": [get("/admin/logout/", expect(302, administrator=405)), post("/admin/logout/", expect(302))],
    "admin:autocomplete": [get("/admin/autocomplete/", expect(LOGIN, administrator=403))],
    "admin:view_on_site": [get(_view_on_site, expect(LOGIN, administrator=302))],
    "admin:app_list": [get("/admin/accounts/", ADMIN_ONLY)],
    "admin/(?P<url>.*)$": [get("/admin/inexistant/", expect(LOGIN, administrator=404))],
}

# The audit trail and the task results are read-only, even for administrators.
READ_ONLY = expect(LOGIN, administrator=403)
# No object of these models in the world: the admin redirects to its index with a message.
MISSING = expect(LOGIN, administrator=302)
OVERRIDES = {
    "admin:core_auditentry_add": READ_ONLY,
    "admin:core_auditentry_delete": READ_ONLY,
    "admin:core_emailattempt_add": READ_ONLY,
    "admin:core_emailattempt_delete": READ_ONLY,
    "admin:core_emailattempt_change": MISSING,
    "admin:core_emailattempt_history": MISSING,
    "admin:core_periodicrun_add": READ_ONLY,
    "admin:core_periodicrun_delete": READ_ONLY,
    "admin:core_periodicrun_change": MISSING,
    "admin:core_periodicrun_history": MISSING,
    "admin:django_tasks_database_dbtaskresult_add": READ_ONLY,
    "admin:django_tasks_database_dbtaskresult_delete": READ_ONLY,
    "admin:django_tasks_database_dbtaskresult_change": MISSING,
    "admin:django_tasks_database_dbtaskresult_history": MISSING,
    **{
        f"admin:observatory_{model}_{page}": MISSING
        for model in ("exportfile", "refreshrun")
        for page in ("change", "delete", "history")
    },
    # The indicator catalogue is created by the first import of official figures, not by the world.
    **{f"admin:indicators_indicator_{page}": MISSING for page in ("change", "delete", "history")},
}


def _entries() -> dict:
    entries = {}
    for route in url_patterns():
        if route.app != "admin" or not route.route.startswith("admin/"):
            continue
        if route.key in SPECIAL:
            entries[route.key] = SPECIAL[route.key]
        elif "<" in route.route:
            redirect = route.key == route.route  # the unnamed "<object_id>/" pattern redirects to "change"
            expected = MISSING if redirect else OVERRIDES.get(route.key, ADMIN_ONLY)
            entries[route.key] = get(_object_url(route.route), expected)
        else:
            entries[route.key] = get("/" + route.route, OVERRIDES.get(route.key, ADMIN_ONLY))
    return entries


ENTRIES = _entries()
