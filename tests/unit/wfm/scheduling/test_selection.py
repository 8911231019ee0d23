"""Shift selection beyond the textbook cases: breaks, bounds, soft coverage, infeasibility."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.wfm.scheduling import (
    BreakRule,
    CoverageProblem,
    SelectionStatus,
    ShiftType,
    select_shifts,
)


def test_breaks_are_netted_out_of_coverage() -> None:
    """Two people per period on a 4-period shift whose one break falls at position 1 or 2:
    with n people, periods 1 and 2 together lose n person-periods, so 2n - n >= 4, n >= 4."""
    shift = ShiftType("s", (0, 1, 2, 3), 1, breaks=(BreakRule("b", 1, 1, 3),))
    result = select_shifts(CoverageProblem((2, 2, 2, 2), (shift,)))
    assert result.status is SelectionStatus.OPTIMAL
    assert result.cost == 4
    assert result.scheduled == (4, 2, 2, 4)
    starts = sorted((line.breaks[0].start, line.count) for line in result.lines)
    assert starts == [(1, 2), (2, 2)]


def test_breaks_move_to_where_the_surplus_is() -> None:
    """The morning peak needs everyone; breaks must go to the quiet later periods."""
    shift = ShiftType("s", tuple(range(6)), 1, breaks=(BreakRule("b", 1, 1, 5),))
    result = select_shifts(CoverageProblem((3, 3, 3, 1, 1, 1), (shift,)))
    assert result.cost == 3
    for line in result.lines:
        assert line.breaks[0].start in (3, 4)
    assert all(s >= r for s, r in zip(result.scheduled, result.required, strict=True))


def test_min_and_max_counts_are_respected() -> None:
    cheap = ShiftType("cheap", (0, 1), 1, max_count=2)
    dear = ShiftType("dear", (0, 1), 5, min_count=1)
    result = select_shifts(CoverageProblem((4, 4), (cheap, dear)))
    assert result.counts == {"cheap": 2, "dear": 2}
    assert result.cost == 12


def test_uncoverable_periods_are_named() -> None:
    shift = ShiftType("morning", (0, 1), 1)
    result = select_shifts(CoverageProblem((1, 1, 2, 0, 3), (shift,)))
    assert result.status is SelectionStatus.INFEASIBLE
    assert result.uncoverable == (2, 4)
    assert "no shift can cover period(s) 2,4" in result.message


def test_capped_periods_are_named_with_their_shortfall() -> None:
    shift = ShiftType("morning", (0, 1), 1, max_count=3)
    result = select_shifts(CoverageProblem((1, 5), (shift,)))
    assert result.status is SelectionStatus.INFEASIBLE
    assert "period 1 needs 5 but at most 3" in result.message


def test_soft_coverage_leaves_a_period_short_when_cheaper() -> None:
    shift = ShiftType("long", (0, 1, 2), 10)
    result = select_shifts(CoverageProblem((0, 1, 0), (shift,), under_cost=3.0))
    assert result.status is SelectionStatus.OPTIMAL
    assert result.counts == {"long": 0}
    assert result.cost == 3.0 and result.short() == (0, 1, 0)


def test_over_cost_prefers_the_shift_that_fits() -> None:
    wide = ShiftType("wide", (0, 1, 2), 1)
    narrow = ShiftType("narrow", (1,), 1.5)
    result = select_shifts(CoverageProblem((0, 1, 0), (wide, narrow), over_cost=1.0))
    assert result.counts == {"wide": 0, "narrow": 1}
    assert result.cost == 1.5


@st.composite
def tiny_problems(draw: st.DrawFn) -> CoverageProblem:
    n_periods = draw(st.integers(2, 5))
    required = tuple(draw(st.lists(st.integers(0, 3), min_size=n_periods, max_size=n_periods)))
    n_shifts = draw(st.integers(1, 3))
    shifts = []
    for j in range(n_shifts):
        start = draw(st.integers(0, n_periods - 1))
        length = draw(st.integers(1, n_periods))
        periods = tuple((start + k) % n_periods for k in range(length))
        shifts.append(ShiftType(f"s{j}", periods, draw(st.integers(1, 6))))
    return CoverageProblem(required, tuple(shifts))


@settings(max_examples=40, deadline=None)
@given(tiny_problems())
def test_matches_brute_force_on_tiny_problems(problem: CoverageProblem) -> None:
    best: float | None = None
    top = max(problem.required)
    for counts in itertools.product(range(top + 1), repeat=len(problem.shifts)):
        staffed = [0] * len(problem.required)
        for shift, n in zip(problem.shifts, counts, strict=True):
            for p in shift.periods:
                staffed[p] += n
        if all(s >= r for s, r in zip(staffed, problem.required, strict=True)):
            cost = sum(s.cost * n for s, n in zip(problem.shifts, counts, strict=True))
            best = cost if best is None else min(best, cost)
    result = select_shifts(problem)
    if best is None:
        assert result.status is SelectionStatus.INFEASIBLE
    else:
        assert result.status is SelectionStatus.OPTIMAL
        assert result.cost == best


def test_rounding_and_repair_meets_requirements_close_to_the_exact_optimum() -> None:
    """The path used for week-long break models, forced on a small day: every period is
    covered net of breaks, the cost is never below the exact optimum, the bound never above."""
    lunch = (BreakRule("lunch", 2, 4, 10),)
    shifts = tuple(
        ShiftType(f"s{start}", tuple(range(start, start + 16)), 16, breaks=lunch)
        for start in range(0, 17, 2)
    ) + tuple(
        ShiftType(f"p{start}", tuple(range(start, start + 8)), 9) for start in range(0, 25, 4)
    )
    required = tuple(3 + (4 if 8 <= p < 20 else 0) for p in range(32))
    exact = select_shifts(CoverageProblem(required, shifts))
    repaired = select_shifts(CoverageProblem(required, shifts), exact_break_columns=0)
    assert exact.status is SelectionStatus.OPTIMAL and exact.cost is not None
    assert repaired.cost is not None and repaired.lower_bound is not None
    assert all(s >= r for s, r in zip(repaired.scheduled, required, strict=True))
    assert exact.cost <= repaired.cost <= 1.15 * exact.cost
    assert repaired.lower_bound <= exact.cost
