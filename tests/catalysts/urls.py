"""The project's URLs plus the personal-data pages (until config/urls.py includes them)."""

from django.urls import include, path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("compte/", include("alliances.catalysts.account_urls")), *project_urlpatterns]
