"""Break-aware selection for models too large to solve exactly: round, place, repair, prune.

HiGHS solves the linear relaxation of a week-long break model in a fraction of a second but
its branch-and-cut can stall at the root for minutes, and the gross covering problem (no
breaks) is just as quick. So large models are solved by LP rounding: keep the whole part of
the LP's shift counts, give everyone breaks where the surplus is largest, cover what is
still short with a small gross integer program, place the newcomers' breaks, repeat, and
finally drop people nobody needs. The LP relaxation and the gross optimum both bound the
true optimum from below, so the answer still says how far from optimal it can be.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import milp

from frontline.wfm.scheduling.breaks import level_breaks, place_breaks_greedily
from frontline.wfm.scheduling.problem import CoverageProblem
from frontline.wfm.scheduling.selection_model import SelectionModel, build_selection_model
from frontline.wfm.scheduling.shifts import ShiftType

MAX_ROUNDS = 20


@dataclass(frozen=True, slots=True)
class RepairedPlan:
    """Integer values for every shift and break column of the exact model, and the gross
    optimum's proven bound (``None`` when the time ran out before it was proven)."""

    values: NDArray[np.int64]
    gross_bound: float | None
    rounds: int


def select_by_repair(
    problem: CoverageProblem,
    model: SelectionModel,
    lp_values: NDArray[np.float64],
    time_limit: float,
    gap: float,
) -> RepairedPlan | None:
    """Best plan found within ``time_limit`` seconds; ``None`` if none met the requirements."""
    started = time.perf_counter()
    gross_shifts = tuple(replace(shift, breaks=()) for shift in problem.shifts)
    required = np.asarray(problem.required, dtype=np.int64)
    counts = np.floor(lp_values[: model.n_shifts] + 1e-6).astype(np.int64)
    rounds = 0
    for rounds in range(1, MAX_ROUNDS + 1):  # noqa: B007 - the count is reported
        values, net = _with_breaks(problem, model, counts)
        short = np.maximum(0, required - net)
        left = time_limit - (time.perf_counter() - started)
        if not short.any() or left <= 0:
            break
        added = _cover(problem, gross_shifts, counts, short, left, gap)
        if added is None or not added.any():
            break
        counts = counts + added
    values, net = _with_breaks(problem, model, counts)
    if problem.under_cost is None and np.any(net < required):
        return None
    values = _prune(problem, model, values, net, required)
    left = time_limit - (time.perf_counter() - started)
    bound = _gross_bound(problem, gross_shifts, left, gap) if left > 0 else None
    return RepairedPlan(values, bound, rounds)


def _cover(
    problem: CoverageProblem,
    gross_shifts: tuple[ShiftType, ...],
    counts: NDArray[np.int64],
    short: NDArray[np.int64],
    time_limit: float,
    gap: float,
) -> NDArray[np.int64] | None:
    """Fewest-cost extra people (gross coverage) for the periods still short."""
    room = tuple(
        replace(
            shift,
            min_count=0,
            max_count=None if shift.max_count is None else shift.max_count - int(n),
        )
        for shift, n in zip(gross_shifts, counts, strict=True)
    )
    residual = CoverageProblem(tuple(int(v) for v in short), room, problem.under_cost, 0.0)
    model = build_selection_model(residual)
    result = milp(
        model.cost,
        constraints=model.constraints,
        bounds=model.bounds,
        integrality=model.integrality,
        options={"time_limit": time_limit, "mip_rel_gap": gap},
    )
    if result.x is None:
        return None
    added: NDArray[np.int64] = np.rint(result.x[: len(gross_shifts)]).astype(np.int64)
    return added


def _with_breaks(
    problem: CoverageProblem, model: SelectionModel, counts: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    required = np.asarray(problem.required, dtype=np.int64)
    values = np.zeros(model.n_shifts + model.n_break_columns, dtype=np.int64)
    values[: model.n_shifts] = counts
    gross = np.asarray(model.coverage @ values, dtype=np.int64)
    breaks, net = place_breaks_greedily(
        required, gross, model.break_columns, model.break_periods, counts
    )
    values[model.n_shifts :] = level_breaks(
        required, net, model.break_columns, model.break_periods, breaks
    )
    return values, net


def _prune(
    problem: CoverageProblem,
    model: SelectionModel,
    values: NDArray[np.int64],
    net: NDArray[np.int64],
    required: NDArray[np.int64],
) -> NDArray[np.int64]:
    """Drop people whose working periods (shift minus their breaks) all have a surplus,
    dearest shifts first; never below a shift's ``min``."""
    values = values.copy()
    by_shift: dict[int, list[int]] = {}
    for index, break_column in enumerate(model.break_columns):
        by_shift.setdefault(break_column.shift, []).append(model.n_shifts + index)
    order = sorted(range(model.n_shifts), key=lambda j: -problem.shifts[j].cost)
    for j in order:
        shift = problem.shifts[j]
        while values[j] > shift.min_count and shift.cost > 0:
            day = _one_day(model, values, by_shift.get(j, []), len(shift.breaks))
            working = [p for p in shift.periods if p not in day]
            if any(net[p] - 1 < required[p] for p in working):
                break
            values[j] -= 1
            for used in set(day.values()):
                values[used] -= 1
            net[working] -= 1
    return values


def _one_day(
    model: SelectionModel, values: NDArray[np.int64], columns: list[int], n_rules: int
) -> dict[int, int]:
    """The break periods of one person on a shift (one used column per rule), as
    period -> column, so removing that person frees exactly those columns."""
    day: dict[int, int] = {}
    seen_rules: set[int] = set()
    for column in columns:
        rule = model.break_columns[column - model.n_shifts].rule
        if values[column] > 0 and rule not in seen_rules:
            seen_rules.add(rule)
            for p in model.break_periods[column - model.n_shifts]:
                day[p] = column
    return day if len(seen_rules) == n_rules else {}


def _gross_bound(
    problem: CoverageProblem, gross_shifts: tuple[ShiftType, ...], time_limit: float, gap: float
) -> float | None:
    """The gross problem relaxes the break model (breaks only take people away), so its
    proven bound is a lower bound on every plan with breaks."""
    gross = CoverageProblem(problem.required, gross_shifts, problem.under_cost, problem.over_cost)
    model = build_selection_model(gross)
    result = milp(
        model.cost,
        constraints=model.constraints,
        bounds=model.bounds,
        integrality=model.integrality,
        options={"time_limit": time_limit, "mip_rel_gap": gap},
    )
    bound = getattr(result, "mip_dual_bound", None)
    return float(bound) if bound is not None and np.isfinite(bound) else None
