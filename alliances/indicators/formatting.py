"""French formatting of indicator values: `29 730 €`, `21,0 %`, `12,4 hab./km²`."""

from __future__ import annotations

from alliances.indicators.enums import UNIT_LABELS, ValueStatus

NNBSP = "\u202f"


def format_number(value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NNBSP).replace(".", ",")


def format_value(value: float | None, *, unit: str, decimals: int = 0, status: str = ValueStatus.OK) -> str:
    """The value with its unit, or the reason why there is none (never 0)."""
    if value is None:
        return ValueStatus(status).label if status != ValueStatus.OK else "non disponible"
    number = format_number(value, decimals)
    label = UNIT_LABELS.get(unit, unit)
    if unit == "%":
        return f"{number}{NNBSP}%"
    return f"{number}\u00a0{label}" if label else number


def format_gap(gap: float | None, *, unit: str, decimals: int = 0) -> str:
    """A difference: in points for a percentage, in the unit otherwise; signed."""
    if gap is None:
        return ""
    sign = "+" if gap > 0 else ("−" if gap < 0 else "")
    number = format_number(abs(gap), max(decimals, 1 if unit == "%" else decimals))
    if unit == "%":
        return f"{sign}{number}{NNBSP}pt"
    label = UNIT_LABELS.get(unit, unit)
    return f"{sign}{number}\u00a0{label}".strip() if label else f"{sign}{number}"
