"""The public calls for partners (/appels/): their list and feeds; answering one is the alliance's join page."""

from django.urls import path

from alliances.partnerships.views import calls

app_name = "calls"

urlpatterns = [
    path("", calls.calls_list, name="list"),
    path("flux.atom", calls.calls_feed, name="feed"),
    path("echeances.ics", calls.calls_calendar, name="calendar"),
]
