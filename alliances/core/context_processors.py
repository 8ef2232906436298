"""Template context shared by every page: the operator's branding."""

from django.conf import settings


def operator(request):
    return {"operator": settings.ALLIANCES_OPERATOR, "demo_enabled": settings.ALLIANCES_DEMO}
