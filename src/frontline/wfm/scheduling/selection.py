"""Stage 1, shift selection: how many people on each shift type, solved by HiGHS.

``scipy.optimize.milp`` runs HiGHS branch-and-cut and reports the proven dual bound and the
relative gap, so a time-limited run still says how far from optimal its plan can be. The
linear relaxation is solved too: its bound is the yardstick the benchmarks quote.

Models with many break columns go through ``selection_repair`` instead of the exact break
model (HiGHS can stall at the root of a week-long break model); their answer carries the
best proven bound and is called optimal only when it meets that bound.
"""

from __future__ import annotations

import math
import time

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import OptimizeResult, milp

from frontline.wfm.scheduling.breaks import level_breaks, lines_from_break_counts
from frontline.wfm.scheduling.diagnosis import explain_infeasible, uncoverable_periods
from frontline.wfm.scheduling.problem import CoverageProblem, SelectionResult, SelectionStatus
from frontline.wfm.scheduling.selection_model import SelectionModel, build_selection_model
from frontline.wfm.scheduling.selection_repair import select_by_repair

_HIGHS_OPTIMAL = 0
_HIGHS_INFEASIBLE = 2
EXACT_BREAK_COLUMNS = 600
"""Largest number of break columns solved with the exact break model."""


def select_shifts(
    problem: CoverageProblem,
    *,
    time_limit: float = 60.0,
    gap_tolerance: float = 1e-4,
    exact_break_columns: int = EXACT_BREAK_COLUMNS,
) -> SelectionResult:
    """Choose shift counts at least cost; ``time_limit`` seconds bound the whole solve.

    The answer is ``optimal`` when the plan is proven within ``gap_tolerance`` of the bound
    (or meets the bound rounded up, when every cost is an integer), ``feasible`` when a plan
    is in hand without that proof, ``infeasible`` with the periods no shift can cover.
    Models with more than ``exact_break_columns`` break columns are solved by LP rounding
    and repair (``selection_repair``) rather than the exact break model.
    """
    started = time.perf_counter()
    if problem.under_cost is None:
        blocked = uncoverable_periods(problem)
        if blocked:
            return _failed(problem, SelectionStatus.INFEASIBLE, started, blocked)
    model = build_selection_model(problem)
    lp = _solve(model, integer=False, time_limit=time_limit, gap=gap_tolerance)
    if lp.status == _HIGHS_INFEASIBLE:
        return _failed(problem, SelectionStatus.INFEASIBLE, started)
    lp_bound = float(lp.fun) if lp.status == _HIGHS_OPTIMAL else None
    remaining = max(0.1, time_limit - (time.perf_counter() - started))
    if model.n_break_columns > exact_break_columns:
        plan = select_by_repair(problem, model, np.asarray(lp.x), remaining, gap_tolerance)
        if plan is None:
            return _failed(problem, SelectionStatus.UNKNOWN, started, lp_bound=lp_bound)
        bounds = [b for b in (lp_bound, plan.gross_bound) if b is not None]
        bound = _rounded(model, max(bounds)) if bounds else None
        return _result(problem, model, plan.values, False, bound, lp_bound, gap_tolerance, started)
    mip = _solve(model, integer=True, time_limit=remaining, gap=gap_tolerance)
    if mip.status == _HIGHS_INFEASIBLE:
        return _failed(problem, SelectionStatus.INFEASIBLE, started)
    if mip.x is None:
        return _failed(problem, SelectionStatus.UNKNOWN, started, lp_bound=lp_bound)
    values = np.rint(np.asarray(mip.x)[: model.n_shifts + model.n_break_columns])
    bounds = [b for b in (getattr(mip, "mip_dual_bound", None), lp_bound) if b is not None]
    finite = [b for b in bounds if math.isfinite(b)]
    bound = _rounded(model, max(finite)) if finite else None
    proven = mip.status == _HIGHS_OPTIMAL
    return _result(
        problem, model, values.astype(np.int64), proven, bound, lp_bound, gap_tolerance, started
    )


def _solve(
    model: SelectionModel, *, integer: bool, time_limit: float, gap: float
) -> OptimizeResult:
    integrality = model.integrality if integer else np.zeros_like(model.integrality)
    return milp(
        model.cost,
        constraints=model.constraints,
        bounds=model.bounds,
        integrality=integrality,
        options={"time_limit": time_limit, "mip_rel_gap": gap, "presolve": True},
    )


def _failed(
    problem: CoverageProblem,
    status: SelectionStatus,
    started: float,
    blocked: tuple[int, ...] = (),
    lp_bound: float | None = None,
) -> SelectionResult:
    if status is SelectionStatus.INFEASIBLE:
        message = explain_infeasible(problem, blocked)
    else:
        message = "no plan meeting the requirements was found within the time limit"
    return SelectionResult(
        status=status,
        required=problem.required,
        message=message,
        uncoverable=blocked,
        lp_bound=lp_bound,
        seconds=time.perf_counter() - started,
    )


def _result(
    problem: CoverageProblem,
    model: SelectionModel,
    values: NDArray[np.int64],
    proven: bool,
    bound: float | None,
    lp_bound: float | None,
    gap_tolerance: float,
    started: float,
) -> SelectionResult:
    shift_counts = values[: model.n_shifts]
    net = np.asarray(model.coverage @ values, dtype=np.int64)
    required = np.asarray(problem.required, dtype=np.int64)
    break_counts = level_breaks(
        required, net, model.break_columns, model.break_periods, values[model.n_shifts :]
    )
    short = np.maximum(0, required - net)
    over = np.maximum(0, net - required)
    shift_cost = float(model.cost[: model.n_shifts] @ shift_counts)
    cost = shift_cost + float(problem.under_cost or 0.0) * float(short.sum())
    cost += problem.over_cost * float(over.sum())
    gap = 0.0 if cost <= 0 or bound is None else max(0.0, (cost - bound) / abs(cost))
    proven = proven or gap <= gap_tolerance
    return SelectionResult(
        status=SelectionStatus.OPTIMAL if proven else SelectionStatus.FEASIBLE,
        required=problem.required,
        counts={s.name: int(n) for s, n in zip(problem.shifts, shift_counts, strict=True)},
        lines=lines_from_break_counts(problem, model.break_columns, shift_counts, break_counts),
        scheduled=tuple(int(v) for v in net),
        cost=cost,
        shift_cost=shift_cost,
        lower_bound=bound,
        lp_bound=lp_bound,
        gap=gap,
        seconds=time.perf_counter() - started,
        message="" if proven else f"plan within {gap:.2%} of the proven bound",
    )


def _rounded(model: SelectionModel, bound: float) -> float:
    """Round a lower bound up when every objective coefficient is an integer (then so is every
    plan's cost, and no plan can cost less than the next integer)."""
    if np.all(model.cost == np.round(model.cost)):
        return float(math.ceil(bound - 1e-6))
    return bound
