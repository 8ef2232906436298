from django.urls import path

from alliances.resources import views

app_name = "resources"

urlpatterns = [
    path("", views.resource_list, name="list"),
    path("evenements/", views.event_list, name="events"),
    path("evenements.ics", views.events_feed, name="events_feed"),
    path("evenements/mes-inscriptions/", views.my_registrations, name="my_registrations"),
    path("evenements/<slug:slug>/", views.event_detail, name="event_detail"),
    path("evenements/<slug:slug>.ics", views.event_ics, name="event_ics"),
    path("evenements/<slug:slug>/inscription/", views.event_register, name="event_register"),
    path("evenements/<slug:slug>/annulation/", views.registration_cancel, name="registration_cancel"),
    path("outils/<int:pk>/telecharger/", views.tool_download, name="tool_download"),
    path("<slug:slug>/", views.resource_detail, name="detail"),
    path("<slug:slug>/pdf/", views.kit_pdf, name="kit_pdf"),
    path("<slug:slug>/telecharger/", views.resource_download, name="download"),
]
