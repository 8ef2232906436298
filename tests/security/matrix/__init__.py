"""The central permission matrix: what each role gets on every URL pattern and API operation.

Each app has its own expectations file here (`tests/security/matrix/<app>.py`) with:

- `ENTRIES`: a dict keyed by URL name (`"actors:detail"`; the route for an unnamed pattern) or by
  API operation (`"GET /api/v1/acteurs/{acteur_id}"`), whose value is a `Case` or a list of
  `Case` (one per method or variant);
- optionally `setup(world)`, which adds the objects its cases need to the shared world (it runs
  once per test module, inside a transaction rolled back at the end).

`tests/security/test_permission_matrix.py` fails when a URL pattern or an API operation has no
entry, and tells where to add it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Who asks. "member" is a signed-in member of "Association Lozère Solidaire" who owns the objects
# the fixtures create (organisation page, practice draft, self-assessment, contact request…);
# "other_org" is a signed-in member of another organisation who owns nothing; "partner" and
# "pilote" belong to the private alliance; "catalyst" has a validated catalyst profile.
ROLES = ("anonymous", "member", "other_org", "partner", "pilote", "catalyst", "moderator", "administrator")
SIGNED_IN = ROLES[1:]

# A 302 to a sign-in page (the site's or the admin's).
LOGIN = "login"

Status = int | str


def expect(default: Status, **overrides: Status) -> dict[str, Status]:
    """Expected status for every role: `default`, except the roles named."""
    unknown = set(overrides) - set(ROLES)
    if unknown:
        raise ValueError(f"rôles inconnus : {sorted(unknown)} (rôles : {ROLES})")
    return {role: overrides.get(role, default) for role in ROLES}


def signed_in(status: Status = 200, **overrides: Status) -> dict[str, Status]:
    """Anonymous users are sent to the sign-in page; signed-in users get `status`."""
    return expect(status, anonymous=LOGIN, **overrides)


def only(
    roles: tuple[str, ...] | list[str], status: Status = 200, *, others: Status = 403, anonymous: Status = LOGIN
) -> dict[str, Status]:
    """`status` for the roles named, `others` for the other signed-in users."""
    return expect(others, anonymous=anonymous, **dict.fromkeys(roles, status))


STAFF = ("moderator", "administrator")


@dataclass(frozen=True)
class Case:
    """One request (URL, method, form data) and the status each role must get."""

    url: str | Callable[[Any], str]
    expected: dict[str, Status]
    method: str = "get"
    data: dict | Callable[[Any], dict] | None = None
    label: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    # A POST that must work without a CSRF token (RFC 8058 one-click unsubscribe: a signed link).
    csrf_exempt: bool = False

    def resolve_url(self, world) -> str:
        return self.url(world) if callable(self.url) else self.url

    def resolve_data(self, world) -> dict:
        if self.data is None:
            return {}
        return self.data(world) if callable(self.data) else dict(self.data)


def get(url, expected, **kwargs) -> Case:
    return Case(url, expected, method="get", **kwargs)


def post(url, expected, data=None, **kwargs) -> Case:
    return Case(url, expected, method="post", data=data, **kwargs)


def as_expect_call(results: dict[str, Status]) -> str:
    """A paste-ready `expect(...)` for observed results (most frequent status as default)."""
    default, _ = Counter(results.values()).most_common(1)[0]
    overrides = ", ".join(f"{role}={value!r}" for role, value in results.items() if value != default)
    default_repr = "LOGIN" if default == LOGIN else repr(default)
    overrides = overrides.replace("'login'", "LOGIN")
    return f"expect({default_repr}{', ' + overrides if overrides else ''})"


def modules():
    """Every expectations module of this package, by name (its app)."""
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            found[info.name] = importlib.import_module(f"{__name__}.{info.name}")
    return found


def entries() -> dict[str, tuple[str, list[Case]]]:
    """All entries: key → (module that declares it, cases). A key declared twice is an error."""
    result: dict[str, tuple[str, list[Case]]] = {}
    for name, module in modules().items():
        for key, cases in getattr(module, "ENTRIES", {}).items():
            if key in result:
                raise ValueError(f"{key!r} est déclaré deux fois : dans {result[key][0]}.py et {name}.py")
            result[key] = (name, cases if isinstance(cases, list) else [cases])
    return result
