"""Root URL configuration: each app brings its own urls module."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from alliances.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("alliances.core.urls")),
    path("territoires/", include("alliances.indicators.urls")),
    path("territoires/", include("alliances.territories.urls")),
    path("acteurs/", include("alliances.actors.urls")),
    path("pratiques/", include("alliances.practices.urls")),
    path("catalyseurs/", include("alliances.catalysts.urls")),
    path("alliances/", include("alliances.partnerships.urls")),
    path("appels/", include("alliances.partnerships.calls_urls")),
    path("autodiagnostic/", include("alliances.assessment.urls")),
    path("ressources/", include("alliances.resources.urls")),
    path("observatoire/", include("alliances.observatory.urls")),
    path("mon-espace/", include("alliances.accounts.space_urls")),
    path("", include("alliances.alerts.urls")),
    path("compte/", include("alliances.accounts.urls")),
    path("compte/", include("alliances.catalysts.account_urls")),
    path("compte/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "alliances.core.views.page_not_found"
handler500 = "alliances.core.views.server_error"
