from django.apps import AppConfig


class ActorsConfig(AppConfig):
    name = "alliances.actors"
    verbose_name = "Acteurs du territoire"
