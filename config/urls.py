"""Root URL configuration: each app brings its own urls module."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from alliances.api import api

urlpatterns = [
    path("", include("alliances.core.urls")),
    path("territoires/", include("alliances.territories.urls")),
    path("compte/", include("alliances.accounts.urls")),
    path("compte/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "alliances.core.views.page_not_found"
handler500 = "alliances.core.views.server_error"
