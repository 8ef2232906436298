"""API of the SDG referential."""

from django.http import HttpRequest
from ninja import Router, Schema

from alliances.sdg.goals import GOALS

router = Router(tags=["odd"])


class OddOut(Schema):
    numero: int
    titre: str
    couleur: str


@router.get("/odd", response=list[OddOut], summary="Les 17 objectifs de développement durable")
def odd(request: HttpRequest):
    return [{"numero": g.number, "titre": g.title, "couleur": g.color} for g in GOALS]
