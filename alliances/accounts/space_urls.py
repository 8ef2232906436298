from django.urls import path

from alliances.accounts import views

app_name = "space"

urlpatterns = [
    path("", views.space, name="home"),
]
