from django.urls import path

from alliances.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("nouvelle/", views.alliance_create, name="create"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("organisations/", views.organisation_picker, name="organisation_picker"),
    path("<int:pk>/", views.alliance_detail, name="detail"),
    path("<int:pk>/modifier/", views.alliance_edit, name="edit"),
    path("<int:pk>/modifier/<slug:section>/", views.alliance_edit, name="edit_section"),
    path("<int:pk>/etape/", views.alliance_set_step, name="set_step"),
    path("<int:pk>/supprimer/", views.alliance_delete, name="delete"),
    path("<int:pk>/restaurer/", views.alliance_restore, name="restore"),
    path("<int:pk>/historique/", views.history, name="history"),
    path("<int:pk>/membres/", views.members, name="members"),
    path("<int:pk>/membres/<int:member_pk>/", views.membership_change, name="membership_change"),
    path(
        "<int:pk>/membres/<int:member_pk>/organisation/", views.membership_organisation, name="membership_organisation"
    ),
    path("<int:pk>/demandes/<int:request_pk>/", views.join_request_decide, name="join_request_decide"),
    path("<int:pk>/rejoindre/", views.join, name="join"),
    path("<int:pk>/espace/<slug:step>/", views.step_workspace, name="step"),
    path("<int:pk>/points/<int:item_pk>/cocher/", views.checklist_toggle, name="checklist_toggle"),
    path("<int:pk>/indicateurs/<int:item_pk>/mesures/", views.measurement_add, name="measurement_add"),
    path("<int:pk>/mesures/<int:item_pk>/supprimer/", views.measurement_delete, name="measurement_delete"),
    path("<int:pk>/publier-pratique/", views.publish_practice, name="publish_practice"),
    path("<int:pk>/diagnostic/portrait/", views.diagnostic_from_portrait, name="diagnostic_from_portrait"),
    path("<int:pk>/carte/ajouter/<int:organisation_pk>/", views.actor_add, name="actor_add"),
    path("<int:pk>/accompagnateurs/<int:profile_pk>/inviter/", views.catalyst_invite, name="catalyst_invite"),
    path("<int:pk>/convention.<str:fmt>", views.convention_document, name="convention"),
    path("<int:pk>/valorisation.csv", views.contributions_csv, name="contributions_csv"),
    path("<int:pk>/<slug:kind>/nouveau/", views.item_create, name="item_create"),
    path("<int:pk>/<slug:kind>/<int:item_pk>/modifier/", views.item_edit, name="item_edit"),
    path("<int:pk>/<slug:kind>/<int:item_pk>/supprimer/", views.item_delete, name="item_delete"),
]
