"""API of the catalysts app (composed under /api/v1/ by alliances/api.py)."""

from ninja import Router

router = Router(tags=["catalyseurs"])
