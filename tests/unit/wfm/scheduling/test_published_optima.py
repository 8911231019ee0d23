"""Known optima of published covering problems, each cross-checked by an independent method."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from frontline.wfm.scheduling import CoverageProblem, SelectionStatus, ShiftType, select_shifts

# Winston, Operations Research: Applications and Algorithms (4th ed., 2004), section 3.5,
# post office problem: Monday..Sunday requirements; five consecutive working days per person.
POST_OFFICE = (17, 13, 15, 19, 14, 16, 11)

# Hillier & Lieberman, Introduction to Operations Research (9th ed., 2010), section 3.4,
# Union Airlines customer service agents: ten periods from 6 am, five shifts with daily cost.
AIRLINE = (48, 79, 65, 87, 64, 73, 82, 43, 52, 15)
AIRLINE_SHIFTS = (
    ("6am-2pm", range(0, 4), 170),
    ("8am-4pm", range(1, 5), 160),
    ("noon-8pm", range(3, 7), 175),
    ("4pm-midnight", range(5, 9), 180),
    ("10pm-6am", range(8, 10), 195),
)


def post_office_problem() -> CoverageProblem:
    shifts = tuple(
        ShiftType(f"start-day-{d}", tuple((d + k) % 7 for k in range(5)), 1) for d in range(7)
    )
    return CoverageProblem(POST_OFFICE, shifts)


def test_post_office_needs_23_employees() -> None:
    result = select_shifts(post_office_problem())
    assert result.status is SelectionStatus.OPTIMAL
    assert result.cost == 23
    assert sum(result.counts.values()) == 23
    assert result.lower_bound == 23
    # Winston reports the LP relaxation optimum 67/3 = 22.33 before rounding up.
    assert result.lp_bound == pytest.approx(67 / 3)
    assert all(s >= r for s, r in zip(result.scheduled, POST_OFFICE, strict=True))


def test_post_office_has_no_plan_with_22_employees_by_enumeration() -> None:
    """Every way to split 22 people over the 7 patterns (stars and bars) leaves a day short."""
    coverage = np.array([[1 if (d - s) % 7 < 5 else 0 for s in range(7)] for d in range(7)])
    bars = np.array(list(itertools.combinations(range(28), 6)), dtype=np.int16)
    edges = np.hstack([np.full((len(bars), 1), -1), bars, np.full((len(bars), 1), 28)])
    splits = np.diff(edges, axis=1) - 1
    assert splits.shape == (376_740, 7) and np.all(splits.sum(axis=1) == 22)
    staffed = splits @ coverage.T
    assert not np.any(np.all(staffed >= np.array(POST_OFFICE), axis=1))


def test_airline_optimum_is_30610_dollars() -> None:
    shifts = tuple(ShiftType(n, tuple(p), c) for n, p, c in AIRLINE_SHIFTS)
    result = select_shifts(CoverageProblem(AIRLINE, shifts))
    assert result.status is SelectionStatus.OPTIMAL
    assert result.cost == 30_610
    # The book's solution is unique here: 48, 31, 39, 43, 15 agents.
    assert list(result.counts.values()) == [48, 31, 39, 43, 15]


def test_airline_optimum_by_exhaustive_search() -> None:
    """Enumerate shifts 1-3; shifts 4 and 5 then take their smallest feasible values."""
    x1, x2, x3 = np.meshgrid(np.arange(48, 88), np.arange(0, 88), np.arange(0, 88), indexing="ij")
    x4 = np.maximum.reduce([np.full_like(x3, 43), 73 - x3, 82 - x3])
    x5 = np.maximum(15, 52 - x4)
    ok = (x1 + x2 >= 79) & (x1 + x2 >= 65) & (x1 + x2 + x3 >= 87) & (x2 + x3 >= 64)
    cost = 170 * x1 + 160 * x2 + 175 * x3 + 180 * x4 + 195 * x5
    assert int(cost[ok].min()) == 30_610
