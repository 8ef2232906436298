from django.urls import path

from alliances.territories import views

app_name = "territories"

urlpatterns = [
    path("suggestions/", views.suggestions, name="suggestions"),
    path("autocompletion/", views.autocomplete, name="autocomplete"),
    path("<str:kind>/<str:code>/", views.detail, name="detail"),
    path("<str:kind>/<str:code>/communes/", views.communes, name="communes"),
]
