"""Why a hard-coverage problem has no plan, in terms of the planner's own periods.

The common cause is a period that no shift type covers at all (a gap in the shift catalogue)
or one whose covering shifts are capped below the requirement by their ``max`` counts. Both
are found before the solver runs, so the message names the periods rather than "infeasible".
"""

from __future__ import annotations

import math

from frontline.wfm.scheduling.periods import format_period_set
from frontline.wfm.scheduling.problem import CoverageProblem


def coverage_capacity(problem: CoverageProblem) -> list[float]:
    """The most people the shift catalogue could put in each period (``inf``: unbounded)."""
    capacity = [0.0] * len(problem.required)
    for shift in problem.shifts:
        cap = math.inf if shift.max_count is None else float(shift.max_count)
        for period in shift.periods:
            capacity[period] += cap
    return capacity


def uncoverable_periods(problem: CoverageProblem) -> tuple[int, ...]:
    """Periods whose requirement exceeds what the catalogue can ever staff there."""
    capacity = coverage_capacity(problem)
    return tuple(p for p, need in enumerate(problem.required) if need > capacity[p])


def explain_infeasible(problem: CoverageProblem, blocked: tuple[int, ...]) -> str:
    """One sentence naming the periods that make the problem infeasible."""
    if not blocked:
        return (
            "the requirements cannot all be met with the shifts' max counts and break rules; "
            "raise a max, add shift types or allow understaffing"
        )
    capacity = coverage_capacity(problem)
    uncovered = [p for p in blocked if capacity[p] == 0]
    capped = [p for p in blocked if capacity[p] > 0]
    parts: list[str] = []
    if uncovered:
        parts.append(f"no shift can cover period(s) {format_period_set(uncovered)}")
    if capped:
        detail = ", ".join(
            f"{p} needs {problem.required[p]} but at most {int(capacity[p])}" for p in capped[:5]
        )
        more = f" and {len(capped) - 5} more" if len(capped) > 5 else ""
        parts.append(f"shift max counts are too low: period {detail}{more}")
    return "; ".join(parts)
