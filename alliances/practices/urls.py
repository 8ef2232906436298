from django.urls import path

from alliances.practices import views

app_name = "practices"

urlpatterns = [
    path("", views.practice_list, name="list"),
    path("contribuer/", views.practice_start, name="start"),
    path("mes-pratiques/", views.my_practices, name="mine"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("moderation/corrections/<int:correction_pk>/", views.correction_close, name="correction_close"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path("pieces-jointes/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/", views.practice_detail, name="detail"),
    path("<int:pk>/historique/", views.practice_history, name="history"),
    path("<int:pk>/contact/", views.practice_contact, name="contact"),
    path("<int:pk>/correction/", views.practice_correction, name="correction"),
    path("<int:pk>/modifier/<int:step>/", views.practice_edit, name="edit"),
    path("<int:pk>/pieces-jointes/", views.practice_attachment_add, name="attachment_add"),
    path(
        "<int:pk>/pieces-jointes/<int:attachment_pk>/supprimer/",
        views.practice_attachment_remove,
        name="attachment_remove",
    ),
    path("<int:pk>/soumettre/", views.practice_submit, name="submit"),
    path("<int:pk>/moderer/", views.practice_moderate, name="moderate"),
]
