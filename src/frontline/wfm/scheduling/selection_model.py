"""The shift-selection integer program as sparse matrices for HiGHS.

Columns, in order: ``x_j`` people on shift type ``j``; ``w_jrb`` people on shift ``j`` who
take break ``r`` starting at position ``b`` (Bechtold & Jacobs' implicit break model);
``u_p`` people short and ``o_p`` people over in period ``p``.

Rows: for each period ``p``, ``sum_j a_pj x_j - sum_jrb d_pjrb w_jrb + u_p - o_p = required_p``
(coverage counted net of breaks), and for each shift ``j`` and break rule ``r``,
``sum_b w_jrb = x_j`` (everyone on the shift takes that break exactly once). Because the
break windows of one shift are disjoint, any combination of the chosen starts is a valid
day for one person, so the model is exact, not a relaxation.

A week of 15-minute periods with a few hundred shift types gives a few thousand columns and
rows with tens of thousands of non-zeros: small for HiGHS when the matrix is sparse.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint
from scipy.sparse import csr_array

from frontline.wfm.scheduling.problem import CoverageProblem


@dataclass(frozen=True, slots=True)
class BreakColumn:
    """Which shift, rule and start position a ``w`` column stands for."""

    shift: int
    rule: int
    start: int


@dataclass(frozen=True, slots=True)
class SelectionModel:
    """Everything ``scipy.optimize.milp`` needs, plus the map back to shifts and breaks."""

    cost: NDArray[np.float64]
    constraints: LinearConstraint
    bounds: Bounds
    integrality: NDArray[np.int8]
    coverage: csr_array
    n_shifts: int
    break_columns: tuple[BreakColumn, ...]
    break_periods: tuple[tuple[int, ...], ...]
    n_periods: int

    @property
    def n_break_columns(self) -> int:
        return len(self.break_columns)


def build_selection_model(problem: CoverageProblem) -> SelectionModel:
    """Assemble the sparse integer program for ``problem`` (see the module docstring)."""
    n_periods = len(problem.required)
    n_shifts = len(problem.shifts)
    cov_rows: list[int] = []
    cov_cols: list[int] = []
    cov_vals: list[float] = []
    for j, shift in enumerate(problem.shifts):
        cov_rows.extend(shift.periods)
        cov_cols.extend([j] * len(shift.periods))
        cov_vals.extend([1.0] * len(shift.periods))

    break_columns: list[BreakColumn] = []
    break_periods: list[tuple[int, ...]] = []
    link_rows: list[int] = []
    link_cols: list[int] = []
    link_vals: list[float] = []
    n_links = 0
    for j, shift in enumerate(problem.shifts):
        for r, rule in enumerate(shift.breaks):
            link_rows.append(n_links)
            link_cols.append(j)
            link_vals.append(-1.0)
            for start in rule.starts():
                col = n_shifts + len(break_columns)
                break_columns.append(BreakColumn(j, r, start))
                covered = shift.break_periods(rule, start)
                break_periods.append(covered)
                cov_rows.extend(covered)
                cov_cols.extend([col] * len(covered))
                cov_vals.extend([-1.0] * len(covered))
                link_rows.append(n_links)
                link_cols.append(col)
                link_vals.append(1.0)
            n_links += 1

    n_breaks = len(break_columns)
    n_cols = n_shifts + n_breaks + 2 * n_periods
    slack = np.arange(n_periods)
    under_col = n_shifts + n_breaks + slack
    over_col = under_col + n_periods
    rows = np.concatenate([cov_rows, slack, slack, np.asarray(link_rows, dtype=int) + n_periods])
    cols = np.concatenate([cov_cols, under_col, over_col, link_cols])
    vals = np.concatenate([cov_vals, np.ones(n_periods), -np.ones(n_periods), link_vals])
    matrix = csr_array(
        (vals, (rows.astype(np.int64), cols.astype(np.int64))),
        shape=(n_periods + n_links, n_cols),
    )
    rhs = np.concatenate([np.asarray(problem.required, dtype=float), np.zeros(n_links)])

    cost = np.zeros(n_cols)
    cost[:n_shifts] = [shift.cost for shift in problem.shifts]
    cost[under_col] = problem.under_cost if problem.under_cost is not None else 0.0
    cost[over_col] = problem.over_cost

    lower = np.zeros(n_cols)
    upper = np.full(n_cols, np.inf)
    lower[:n_shifts] = [shift.min_count for shift in problem.shifts]
    upper[:n_shifts] = [
        np.inf if shift.max_count is None else shift.max_count for shift in problem.shifts
    ]
    if problem.under_cost is None:
        upper[under_col] = 0.0

    integrality = np.zeros(n_cols, dtype=np.int8)
    integrality[: n_shifts + n_breaks] = 1
    coverage = csr_array(matrix[:n_periods, : n_shifts + n_breaks])
    return SelectionModel(
        cost=cost,
        constraints=LinearConstraint(matrix, rhs, rhs),
        bounds=Bounds(lower, upper),
        integrality=integrality,
        coverage=coverage,
        n_shifts=n_shifts,
        break_columns=tuple(break_columns),
        break_periods=tuple(break_periods),
        n_periods=n_periods,
    )
