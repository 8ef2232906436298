from django.urls import path

from alliances.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("recherche/", views.search, name="search"),
    path("sante", views.health, name="health"),
    path("theme.css", views.theme_css, name="theme"),
    path("_bonjour", views.hello, name="hello"),
    path("accessibilite/", views.legal_page("core/accessibilite.html"), name="accessibility"),
    path("mentions-legales/", views.legal_page("core/mentions_legales.html"), name="legal"),
    path("donnees-personnelles/", views.legal_page("core/donnees_personnelles.html"), name="privacy"),
]
