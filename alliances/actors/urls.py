from django.urls import path

from alliances.actors import views

app_name = "actors"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
]
