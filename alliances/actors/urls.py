from django.urls import path

from alliances.actors import views

app_name = "actors"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("besoin/", views.organisations_by_need, name="need"),
    path("rattachements/", views.claims, name="claims"),
    path("rattachements/<int:claim_id>/decision/", views.claim_decide, name="claim_decide"),
    path("rattachements/confirmer/<str:token>/", views.claim_confirm, name="claim_confirm"),
    path(
        "rattachements/collectivites/<int:link_id>/decision/",
        views.collectivite_link_decide,
        name="collectivite_link_decide",
    ),
    path("rattachements/organisations/<int:pk>/decision/", views.organisation_listing_decide, name="listing_decide"),
    path("ma-collectivite/", views.collectivite_link, name="collectivite_link"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/rattachement/", views.organisation_claim, name="claim"),
    path("<int:pk>/modifier/", views.organisation_edit, name="edit"),
    path("<int:pk>/contact/", views.organisation_contact, name="contact"),
]
