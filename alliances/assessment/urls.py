from django.urls import path

from alliances.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.home, name="home"),
    path("referentiel/", views.referential_page, name="referential"),
    path("commencer/", views.start, name="start"),
    path("<int:pk>/", views.take, name="take"),
    path("<int:pk>/axe/<slug:slug>/", views.axis_page, name="axis"),
    path("<int:pk>/reponses/", views.answer, name="answer"),
    path("<int:pk>/terminer/", views.complete, name="complete"),
    path("<int:pk>/rejoindre/<str:token>/", views.join, name="join"),
    path("<int:pk>/visibilite/", views.visibility, name="visibility"),
    path("<int:pk>/resultats/", views.results, name="results"),
    path("<int:pk>/resultats.pdf", views.results_pdf, name="results_pdf"),
]
