"""Statistical secrecy of counts computed on non-public data (alliances, self-assessments).

Primary suppression hides every cell from 1 to 4. Secondary suppression then hides, in every
group of cells that adds up to a published margin (the values of an exclusive breakdown and
the territory's total; the territories of one level inside their parent and the parent's
cell), enough other cells that the hidden ones cannot be worked out by subtraction: the sum
of the hidden cells of a group is always 5 or more, or the margin is hidden too.
Pure functions: the refresh service calls them on cells before storing them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from alliances.observatory.enums import SECRECY_THRESHOLD


@dataclass
class SecretCell:
    key: tuple
    count: int
    suppressed: bool = False
    secondary: bool = False


def _protect_group(margin: SecretCell | None, members: list[SecretCell]) -> bool:
    """Hide members until the hidden part of the group cannot be deduced; True if anything changed."""
    changed = False
    if margin is not None and margin.suppressed:
        return False
    while True:
        hidden = [c for c in members if c.suppressed]
        if not hidden:
            return changed
        # With the margin published, the hidden cells' sum is known: it must not fall in 1..4.
        # Without a margin (none stored means 0), hidden cells cannot be summed back.
        if margin is None:
            return changed
        hidden_sum = sum(c.count for c in hidden)
        if hidden_sum == 0 or hidden_sum >= SECRECY_THRESHOLD:
            return changed
        candidates = sorted((c for c in members if not c.suppressed and c.count > 0), key=lambda c: c.count)
        if not candidates:
            # Every member is hidden and they sum under 5: the margin must be hidden as well.
            margin.suppressed = margin.secondary = True
            return True
        candidates[0].suppressed = candidates[0].secondary = True
        changed = True


def apply_secrecy(
    cells: Iterable[SecretCell],
    *,
    breakdowns: Iterable[tuple[tuple, list[tuple]]],
) -> None:
    """Mark cells as suppressed in place.

    `breakdowns` lists groups as (margin key, member keys): each is protected against
    deduction by subtraction. Groups are re-checked until nothing changes, because hiding a
    cell in one group can expose another group.
    """
    by_key = {c.key: c for c in cells}
    for cell in by_key.values():
        if 0 < cell.count < SECRECY_THRESHOLD:
            cell.suppressed = True
    groups = [(by_key.get(m), [by_key[k] for k in members if k in by_key]) for m, members in breakdowns]
    for _ in range(50):
        changed = False
        for margin, members in groups:
            changed |= _protect_group(margin, members)
        if not changed:
            return


def group_keys(keys: Iterable[tuple], margin_of) -> list[tuple[tuple, list[tuple]]]:
    """Group cell keys by the margin they add up to (`margin_of(key)` returns it, or None)."""
    grouped: dict[tuple, list[tuple]] = defaultdict(list)
    for key in keys:
        margin = margin_of(key)
        if margin is not None:
            grouped[margin].append(key)
    return list(grouped.items())
