from django.urls import path

from alliances.catalysts import views

app_name = "catalysts"

urlpatterns = [
    path("", views.finder, name="list"),
    path("reseau/", views.network, name="network"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/contacter/", views.contact, name="contact"),
    path("mon-espace/", views.space, name="space"),
    path("mon-profil/", views.profile_edit, name="profile_edit"),
    path("demandes/<int:pk>/", views.request_detail, name="request"),
    path("demandes/<int:pk>/<str:action>/", views.request_answer, name="request_answer"),
    path("moderation/", views.moderation, name="moderation"),
]
