"""The calls for partners the tests of /appels/, its feeds and its API read: some listed, some never."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from alliances.partnerships.enums import Visibility
from alliances.partnerships.models import Alliance
from alliances.territories.models import Territory
from tests.partnerships.factories import AllianceFactory

# Titles of the calls that must never be listed, whatever the filters.
NEVER = [
    "Appel privé de Mende",
    "Appel pour inscrits de Mende",
    "Appel fermé de Mende",
    "Appel expiré de Mende",
    "Appel supprimé de Mende",
]


def _territory(kind: str, code: str) -> Territory:
    if kind == "commune":
        return Territory.objects.get(kind=kind, code=code, commune_type="commune-actuelle")
    return Territory.objects.get(kind=kind, code=code)


def _call(title: str, territory: Territory, *, deadline: date | None, fragilities=(), sdgs=(), **fields) -> Alliance:
    alliance = AllianceFactory(
        title=title,
        territory=territory,
        call_open=fields.pop("call_open", True),
        call_text=fields.pop("call_text", f"Texte de l'appel « {title} »."),
        call_deadline=deadline,
        fragilities=list(fragilities),
        **fields,
    )
    alliance.sdgs.set(list(sdgs))
    return alliance


@dataclass
class CallsWorld:
    today: date
    mende: Alliance
    lozere: Alliance
    marvejols: Alliance
    lyon: Alliance
    rennes: Alliance


def calls_world() -> CallsWorld:
    """Five listed calls (one ends today) and five that no list, feed or API may show."""
    today = timezone.localdate()
    mende, marvejols = _territory("commune", "48095"), _territory("commune", "48092")
    world = CallsWorld(
        today=today,
        mende=_call(
            "Emploi des jeunes à Mende",
            mende,
            deadline=today + timedelta(days=10),
            fragilities=["emploi", "jeunesse"],
            sdgs=[8, 17],
        ),
        lozere=_call(
            "Aînés de Lozère", _territory("departement", "48"), deadline=None, fragilities=["isolement"], sdgs=[3]
        ),
        marvejols=_call(
            "Mobilité à Marvejols",
            marvejols,
            deadline=today + timedelta(days=40),
            fragilities=["mobilite", "emploi"],
            sdgs=[11],
        ),
        lyon=_call(
            "Cantines de Lyon",
            _territory("commune", "69123"),
            deadline=today + timedelta(days=5),
            fragilities=["alimentation"],
            sdgs=[2, 12],
        ),
        rennes=_call(
            "Logement à Rennes (dernier jour)",
            _territory("commune", "35238"),
            deadline=today,
            fragilities=["logement"],
            sdgs=[11],
        ),
    )
    later = today + timedelta(days=10)
    _call("Appel privé de Mende", mende, deadline=later, visibility=Visibility.MEMBERS, fragilities=["emploi"])
    _call("Appel pour inscrits de Mende", mende, deadline=later, visibility=Visibility.SIGNED_IN, sdgs=[8])
    _call("Appel fermé de Mende", mende, deadline=later, call_open=False, fragilities=["emploi"])
    _call("Appel expiré de Mende", mende, deadline=today - timedelta(days=1), fragilities=["emploi"], sdgs=[8])
    _call("Appel supprimé de Mende", mende, deadline=later, deleted_at=timezone.now(), fragilities=["emploi"])
    return world
