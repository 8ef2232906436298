from django.urls import path

from alliances.indicators import views

app_name = "indicators"

# Included under territoires/ before the territories app.
urlpatterns = [
    path("<str:kind>/<str:code>/portrait/", views.portrait, name="portrait"),
    path("<str:kind>/<str:code>/portrait.pdf", views.portrait_pdf, name="portrait_pdf"),
]
