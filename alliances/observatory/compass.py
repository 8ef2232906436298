"""The SDG compass of a territory (boussole ODD): needs, forces and gap for each of the 17 SDGs.

Needs are the fragilities of the territory's statistical portrait tied to the SDG (from the
indicators app, when installed); forces are the organisations, alliances and published practices
working on it (read from the aggregates); the gap points to the priority SDGs. Rule in
docs/observatory.md.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field

from alliances.observatory.models import TerritoryCount
from alliances.sdg.goals import GOALS, Goal

logger = logging.getLogger(__name__)

FORCE_METRICS = ("organisations", "alliances", "pratiques")
PRIORITY_COUNT = 3


@dataclass
class CompassLine:
    goal: Goal
    needs: list[str] = field(default_factory=list)  # sentences of the fragilities
    forces: dict[str, int | str] = field(default_factory=dict)  # metric -> published value
    priority: bool = False

    @property
    def force_score(self) -> int:
        """Lower bound of the forces: a hidden cell ("< 5", "secret") counts as 1, which it is at least."""
        return sum(v if isinstance(v, int) else 1 for v in self.forces.values())

    @property
    def gap(self) -> str:
        if self.needs and not self.force_score:
            return "À renforcer : des besoins, aucune force repérée"
        if self.needs:
            return "Besoins et forces présents"
        if self.force_score:
            return "Forces sans besoin repéré"
        return "—"


@dataclass
class Compass:
    lines: list[CompassLine]
    needs_available: bool
    note: str = ""

    @property
    def priorities(self) -> list[CompassLine]:
        return [line for line in self.lines if line.priority]


def _fragilities(territory) -> tuple[list, bool]:
    try:
        module = importlib.import_module("alliances.indicators.selectors")
    except ImportError:
        return [], False
    provider = getattr(module, "territory_fragilities", None)
    if provider is None:
        return [], False
    return list(provider(territory)), True


def territory_compass(territory, *, fragilities: list | None = None) -> Compass:
    """The compass of a territory; `fragilities` when the caller already has them (the PDF
    portrait computes them once for both)."""
    if fragilities is None:
        fragilities, available = _fragilities(territory)
    else:
        available = True
    needs: dict[int, list[str]] = {}
    for fragility in fragilities:
        if getattr(fragility, "kind", "fragilite") != "fragilite":
            continue
        for number in getattr(fragility, "sdgs", ()):
            needs.setdefault(int(number), []).append(getattr(fragility, "sentence", "") or fragility.label)
    cells = TerritoryCount.objects.filter(
        level=territory.kind, territory=territory, dimension="odd", metric__in=FORCE_METRICS
    )
    forces: dict[int, dict[str, int | str]] = {}
    for cell in cells:
        if cell.value.isdigit():
            forces.setdefault(int(cell.value), {})[cell.metric] = cell.published
    lines = [
        CompassLine(
            goal=goal,
            needs=needs.get(goal.number, []),
            forces={m: forces.get(goal.number, {}).get(m, 0) for m in FORCE_METRICS},
        )
        for goal in GOALS
    ]
    # Priority: SDGs with needs, the fewest forces first, then the most needs.
    ranked = sorted((line for line in lines if line.needs), key=lambda c: (c.force_score, -len(c.needs)))
    for line in ranked[:PRIORITY_COUNT]:
        line.priority = True
    note = (
        ""
        if available
        else (
            "Les besoins viendront du portrait statistique du territoire (indicateurs officiels), "
            "qui n'est pas disponible sur cette instance : seules les forces sont affichées."
        )
    )
    return Compass(lines=lines, needs_available=available, note=note)
