from django.urls import path

from alliances.alerts import views

app_name = "alerts"

urlpatterns = [
    path("compte/alertes/", views.alert_list, name="list"),
    path("compte/alertes/creer/", views.alert_create, name="create"),
    path("compte/alertes/<int:pk>/frequence/", views.alert_update, name="update"),
    path("compte/alertes/<int:pk>/pause/", views.alert_pause, name="pause"),
    path("compte/alertes/<int:pk>/supprimer/", views.alert_delete, name="delete"),
    path("compte/notifications/", views.notifications, name="notifications"),
    path("alertes/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
