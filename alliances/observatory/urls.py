from django.urls import path

from alliances.observatory import views

app_name = "observatory"

urlpatterns = [
    path("", views.home, name="home"),
    path("donnees/", views.open_data, name="open_data"),
    path("donnees/<str:kind>.<str:fmt>", views.download, name="download"),
    path("chiffres.csv", views.counts_csv, {"kind": "national", "code": ""}, name="national_csv"),
    path("<str:kind>/<str:code>/", views.dashboard, name="dashboard"),
    path("<str:kind>/<str:code>/chiffres.csv", views.counts_csv, name="counts_csv"),
]
