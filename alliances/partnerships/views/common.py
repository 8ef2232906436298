"""What every page of an alliance shares: reading the alliance through its one gate, sending anonymous
visitors to the sign-in page, and showing an edit conflict."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from alliances.partnerships import perms, selectors, services
from alliances.partnerships.models import Alliance

Check = perms.Check


def get_alliance(request: HttpRequest, pk: int, check: Check | None = None) -> Alliance:
    """The alliance if the user may read it (else 404: a private alliance stays secret), then `check`."""
    return selectors.alliance_get_visible(user=request.user, pk=pk, check=check)


def guard(request: HttpRequest, pk: int, check: Check) -> Alliance:
    """`get_alliance`, where a refusal sends an anonymous visitor to the sign-in page (`login_redirects`)."""
    try:
        return get_alliance(request, pk, check)
    except PermissionDenied:
        if not request.user.is_authenticated:
            raise LoginRequired from None
        raise


class LoginRequired(Exception):
    """Raised by `guard` for an anonymous visitor; `login_redirects` turns it into the sign-in page."""


def login_redirects(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except LoginRequired:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def author_organisation(request: HttpRequest, alliance: Alliance) -> str:
    """The organisation the signed-in member writes for (their membership's)."""
    membership = perms.membership_of(request.user, alliance)
    return membership.organisation_name if membership else ""


def site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def conflict_context(form, error: services.ConflictError) -> dict:
    current = error.current
    rows = []
    for name in form.Meta.fields:
        if name not in form.fields or name in ("version", "territory_ref"):
            continue
        try:
            field = current._meta.get_field(name)
        except Exception:  # a form-only field
            continue
        value = getattr(current, name)
        if field.many_to_many:
            value = ", ".join(str(v) for v in value.all())
        elif getattr(field, "choices", None):
            value = getattr(current, f"get_{name}_display")()
        rows.append((form.fields[name].label, value))
    return {"conflict": str(error), "current_rows": rows}


def rebind(form_class, request, instance, current, **kwargs):
    """The user's input again, now based on the version they have just been shown."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = form_class(data, instance=current, **kwargs)
    form.is_valid()
    return form
