"""Stage 1, shift selection: how many people on each shift type, solved by HiGHS.

``scipy.optimize.milp`` runs HiGHS branch-and-cut and reports the proven dual bound and the
relative gap, so a time-limited run still says how far from optimal its plan can be. The
linear relaxation is solved too: its bound is the yardstick the benchmarks quote.
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

_HIGHS_OPTIMAL = 0
_HIGHS_LIMIT = 1
_HIGHS_INFEASIBLE = 2


def select_shifts(
    problem: CoverageProblem,
    *,
    time_limit: float = 60.0,
    gap_tolerance: float = 1e-4,
) -> SelectionResult:
    """Choose shift counts at least cost; ``time_limit`` seconds bound the whole solve.

    The answer is ``optimal`` when HiGHS proves the plan within ``gap_tolerance`` of the bound
    (or the plan meets the bound rounded up, when every cost is an integer), ``feasible`` when
    the time ran out with a plan in hand, ``infeasible`` with the periods no shift can cover.
    """
    started = time.perf_counter()
    if problem.under_cost is None:
        blocked = uncoverable_periods(problem)
        if blocked:
            return SelectionResult(
                status=SelectionStatus.INFEASIBLE,
                required=problem.required,
                message=explain_infeasible(problem, blocked),
                uncoverable=blocked,
                seconds=time.perf_counter() - started,
            )
    model = build_selection_model(problem)
    lp = _solve(model, integer=False, time_limit=time_limit, gap=gap_tolerance)
    lp_bound = float(lp.fun) if lp.status == _HIGHS_OPTIMAL else None
    remaining = max(0.1, time_limit - (time.perf_counter() - started))
    mip = _solve(model, integer=True, time_limit=remaining, gap=gap_tolerance)
    seconds = time.perf_counter() - started
    if mip.status == _HIGHS_INFEASIBLE or lp.status == _HIGHS_INFEASIBLE:
        return SelectionResult(
            status=SelectionStatus.INFEASIBLE,
            required=problem.required,
            message=explain_infeasible(problem, ()),
            seconds=seconds,
        )
    if mip.x is None:
        return SelectionResult(
            status=SelectionStatus.UNKNOWN,
            required=problem.required,
            lp_bound=lp_bound,
            message=f"no plan found within {time_limit:g} s ({mip.message})",
            seconds=seconds,
        )
    return _result(problem, model, mip, lp_bound, gap_tolerance, seconds)


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


def _result(
    problem: CoverageProblem,
    model: SelectionModel,
    mip: OptimizeResult,
    lp_bound: float | None,
    gap_tolerance: float,
    seconds: float,
) -> SelectionResult:
    values: NDArray[np.float64] = np.asarray(mip.x)
    integral = np.rint(values[: model.n_shifts + model.n_break_columns]).astype(np.int64)
    shift_counts = integral[: model.n_shifts]
    net = np.asarray(model.coverage @ integral, dtype=np.int64)
    required = np.asarray(problem.required, dtype=np.int64)
    break_counts = level_breaks(
        required, net, model.break_columns, model.break_periods, integral[model.n_shifts :]
    )
    short = np.maximum(0, required - net)
    over = np.maximum(0, net - required)
    shift_cost = float(model.cost[: model.n_shifts] @ shift_counts)
    cost = shift_cost + float(problem.under_cost or 0.0) * float(short.sum())
    cost += problem.over_cost * float(over.sum())
    bound = _proven_bound(model, mip, lp_bound)
    gap = 0.0 if cost <= 0 or bound is None else max(0.0, (cost - bound) / abs(cost))
    proven = mip.status == _HIGHS_OPTIMAL or (gap is not None and gap <= gap_tolerance)
    status = SelectionStatus.OPTIMAL if proven else SelectionStatus.FEASIBLE
    return SelectionResult(
        status=status,
        required=problem.required,
        counts={s.name: int(n) for s, n in zip(problem.shifts, shift_counts, strict=True)},
        lines=lines_from_break_counts(problem, model.break_columns, shift_counts, break_counts),
        scheduled=tuple(int(v) for v in net),
        cost=cost,
        shift_cost=shift_cost,
        lower_bound=bound,
        lp_bound=lp_bound,
        gap=gap,
        seconds=seconds,
        message="" if proven else f"time limit reached; plan within {gap:.2%} of the bound",
    )


def _proven_bound(
    model: SelectionModel, mip: OptimizeResult, lp_bound: float | None
) -> float | None:
    """The best proven lower bound: HiGHS's dual bound, never below the LP bound, rounded up
    when every objective coefficient is an integer (then so is every plan's cost)."""
    candidates = [b for b in (getattr(mip, "mip_dual_bound", None), lp_bound) if b is not None]
    if not candidates or not all(math.isfinite(b) for b in candidates):
        return None
    bound = max(candidates)
    if np.all(model.cost == np.round(model.cost)):
        bound = float(math.ceil(bound - 1e-6))
    return bound
