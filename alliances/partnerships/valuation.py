"""Valorisation des contributions: what each commitment is worth in euros, by kind (rules in docs/partnerships.md).

- money: the amount given;
- in kind (goods, premises, logistics): the value the partner states, with what it is in the description;
- skills (mécénat de compétences): hours × the hourly rate the partner states;
- volunteering (bénévolat): hours × the SMIC horaire brut in force when the commitment starts.

The volunteer rate lives in one table, `VOLUNTEER_RATES`, each rate with the date it applies from
and its source: add a line when the SMIC changes. A commitment keeps the rate it was valued at
(like an accounting entry); saving it again values it at the rate of its own start date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models

from alliances.core.french import long_date
from alliances.core.numbers import format_euros, format_french, round_cents
from alliances.partnerships.enums import CommitmentKind


@dataclass(frozen=True)
class VolunteerRate:
    since: date
    hourly_eur: Decimal
    source: str
    url: str


# The SMIC horaire brut (metropolitan France and the overseas départements except Mayotte), newest last.
VOLUNTEER_RATES: tuple[VolunteerRate, ...] = (
    VolunteerRate(
        date(2024, 11, 1),
        Decimal("11.88"),
        "décret n° 2024-951 du 23 octobre 2024 portant relèvement du salaire minimum de croissance",
        "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000050392683/",
    ),
    VolunteerRate(
        date(2026, 1, 1),
        Decimal("12.02"),
        "décret du 17 décembre 2025 portant relèvement du salaire minimum de croissance",
        "https://www.vie-publique.fr/discours/301401-conseil-171220025-relevement-du-salaire-minimum-de-croissance",
    ),
)


def volunteer_rate(on: date) -> VolunteerRate:
    """The volunteer hourly rate in force on `on` (before the first known date, the first one)."""
    current = VOLUNTEER_RATES[0]
    for rate in VOLUNTEER_RATES:
        if rate.since <= on:
            current = rate
    return current


class ValueKind(models.TextChoices):
    """The four ways a contribution is valued; the totals are shown by these."""

    MONEY = "financier", "Apport financier"
    SKILLS = "competences", "Mécénat de compétences"
    IN_KIND = "nature", "En nature"
    VOLUNTEERING = "benevolat", "Bénévolat"


VALUE_KIND_OF: dict[str, ValueKind] = {
    CommitmentKind.FINANCIAL: ValueKind.MONEY,
    CommitmentKind.SKILLS: ValueKind.SKILLS,
    CommitmentKind.IN_KIND: ValueKind.IN_KIND,
    CommitmentKind.PREMISES: ValueKind.IN_KIND,
    CommitmentKind.LOGISTICS: ValueKind.IN_KIND,
    CommitmentKind.VOLUNTEERS: ValueKind.VOLUNTEERING,
}
HOURLY_KINDS = (CommitmentKind.SKILLS, CommitmentKind.VOLUNTEERS)


def value_kind(kind: str) -> ValueKind:
    """How a kind of commitment is counted in the totals (an unknown kind counts as in kind)."""
    return VALUE_KIND_OF.get(kind, ValueKind.IN_KIND)


def hours_value(hours: Decimal, hourly_eur: Decimal) -> Decimal:
    """Hours × rate, rounded to the cent (half away from zero)."""
    return round_cents(hours * hourly_eur)


def valued(
    *,
    kind: str,
    amount_eur: Decimal | None,
    hours: Decimal | None,
    hourly_rate_eur: Decimal | None,
    on: date,
) -> dict[str, Any]:
    """The stored value fields of a commitment (`amount_eur`, `hours`, `hourly_rate_eur`), from what was typed.

    `amount_eur` is the commitment's value in euros for every kind. For skills and volunteering it is
    computed from the hours when they are given; `on` (the commitment's start, or the day it is
    recorded) picks the volunteer rate. Without hours an hourly commitment keeps the amount it has:
    commitments recorded before the hours existed keep their value.
    """
    if kind not in HOURLY_KINDS:
        return {"amount_eur": amount_eur, "hours": None, "hourly_rate_eur": None}
    if kind == CommitmentKind.VOLUNTEERS:
        hourly_rate_eur = volunteer_rate(on).hourly_eur if hours is not None else None
    if hours is None or hourly_rate_eur is None:
        return {"amount_eur": amount_eur, "hours": hours, "hourly_rate_eur": hourly_rate_eur}
    return {"amount_eur": hours_value(hours, hourly_rate_eur), "hours": hours, "hourly_rate_eur": hourly_rate_eur}


def basis(commitment: Any) -> str:
    """How the value was reached, for people: « 10,5 h × 45,00 €/h », or "" when the amount was typed."""
    if commitment.hours is None or commitment.hourly_rate_eur is None:
        return ""
    rate = format_euros(commitment.hourly_rate_eur)
    text = f"{format_french(commitment.hours)}\u00a0h × {rate}/h"
    if commitment.kind == CommitmentKind.VOLUNTEERS:
        text += " (SMIC horaire brut)"
    return text


def current_method_sentence(today: date) -> str:
    """The volunteer method with today's rate, its date and its source, in one French sentence."""
    rate = volunteer_rate(today)
    return (
        f"Les heures de bénévolat sont valorisées au SMIC horaire brut en vigueur au début de l'engagement, "
        f"sans charges patronales : {format_euros(rate.hourly_eur)} de l'heure depuis le "
        f"{long_date(rate.since)} ({rate.source})."
    )
