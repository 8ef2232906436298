"""Statistical secrecy: no published cell from 1 to 4, no hidden cell recoverable by subtraction."""

from hypothesis import given, settings
from hypothesis import strategies as st

from alliances.observatory.enums import SECRECY_THRESHOLD
from alliances.observatory.secrecy import SecretCell, apply_secrecy


def _cells(total, parts):
    cells = [SecretCell(("t", ""), total)] + [SecretCell(("t", i), n) for i, n in enumerate(parts)]
    return cells, [(("t", ""), [c.key for c in cells[1:]])]


def test_counts_from_one_to_four_are_hidden_and_others_shown():
    lone = [SecretCell(("a",), 0), SecretCell(("b",), 1), SecretCell(("c",), 4), SecretCell(("d",), 5)]
    apply_secrecy(lone, breakdowns=[])
    assert [c.suppressed for c in lone] == [False, True, True, False]


def test_a_single_hidden_cell_gets_a_complement():
    cells, groups = _cells(12, [3, 9])
    apply_secrecy(cells, breakdowns=groups)
    total, small, big = cells
    assert small.suppressed and not small.secondary
    # 12 - 9 would give 3: the 9 must be hidden too (secondary), the total stays published.
    assert big.suppressed and big.secondary
    assert not total.suppressed


def test_two_hidden_cells_summing_under_five_need_a_third():
    cells, groups = _cells(20, [1, 2, 17])
    apply_secrecy(cells, breakdowns=groups)
    assert [c.suppressed for c in cells] == [False, True, True, True]


def test_hidden_cells_summing_to_five_or_more_are_enough():
    cells, groups = _cells(15, [3, 4, 8])
    apply_secrecy(cells, breakdowns=groups)
    assert [c.suppressed for c in cells] == [False, True, True, False]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.integers(0, 12), min_size=1, max_size=6), min_size=1, max_size=5))
def test_no_hidden_cell_can_be_deduced_in_any_group(table):
    """Rows of a table with their totals and a grand total: neither a row nor a column leaks."""
    cells = {}
    groups = []
    for r, row in enumerate(table):
        for c, n in enumerate(row):
            cells[(r, c)] = SecretCell((r, c), n)
        cells[(r, "total")] = SecretCell((r, "total"), sum(row))
        groups.append(((r, "total"), [(r, c) for c in range(len(row))]))
    cells[("all", "total")] = SecretCell(("all", "total"), sum(map(sum, table)))
    groups.append((("all", "total"), [(r, "total") for r in range(len(table))]))
    apply_secrecy(cells.values(), breakdowns=groups)
    for cell in cells.values():
        if not cell.suppressed:
            assert not 0 < cell.count < SECRECY_THRESHOLD
    for margin_key, member_keys in groups:
        margin = cells[margin_key]
        if margin.suppressed:
            continue
        hidden = [cells[k].count for k in member_keys if cells[k].suppressed]
        if hidden:
            assert sum(hidden) >= SECRECY_THRESHOLD or sum(hidden) == 0
