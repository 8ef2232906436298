"""The request type of views that only a signed-in user reaches (`login_required` or a guard)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from alliances.core.http import HtmxHttpRequest

if TYPE_CHECKING:
    from alliances.accounts.models import User


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """Annotate a view's request with this once authentication is checked before the view runs."""

    user: User
