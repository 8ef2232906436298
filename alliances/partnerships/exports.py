"""The valued contributions of an alliance as CSV rows, for a French spreadsheet (see docs/partnerships.md)."""

from __future__ import annotations

from collections.abc import Iterator

from alliances.core.csv_export import spreadsheet_number
from alliances.partnerships.selectors import Contribution, ContributionTotals
from alliances.partnerships.valuation import ValueKind

CONTRIBUTION_HEADERS = [
    "Partenaire",
    *(f"{label} (€)" for label in ValueKind.labels),
    "Total (€)",
    "Heures de mécénat de compétences",
    "Heures de bénévolat",
    "Engagements",
    "Engagements sans valeur",
]


def _row(contribution: Contribution) -> list[str | int]:
    return [
        contribution.name,
        *(spreadsheet_number(value, 2) for value in contribution.amounts),
        spreadsheet_number(contribution.total, 2),
        spreadsheet_number(contribution.skills_hours),
        spreadsheet_number(contribution.volunteer_hours),
        contribution.count,
        contribution.unvalued,
    ]


def contribution_rows(totals: ContributionTotals) -> Iterator[list[str | int]]:
    """The header, one row per partner, then the alliance's total (its first cell says so)."""
    yield [*CONTRIBUTION_HEADERS]
    for partner in totals.partners:
        yield _row(partner)
    yield _row(totals.alliance)
