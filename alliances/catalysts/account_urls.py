"""Personal-data URLs of every account, included under /compte/ by config/urls.py:

path("compte/", include("alliances.catalysts.account_urls")),
"""

from django.urls import path

from alliances.catalysts import account_views

app_name = "personal_data"

urlpatterns = [
    path("mes-donnees/", account_views.data_export, name="export"),
    path("supprimer/", account_views.account_delete, name="delete"),
]
