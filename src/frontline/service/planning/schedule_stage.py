"""Stage 3: choose shifts that cover the required positions, on the schedule's clock grid.

The shift catalogue is ``frontline schedule``'s ``SHIFTS.yaml`` (explicit shifts and
templates, with breaks), already loaded as a YAML document; its ``period_minutes`` must match
the forecast interval, because its periods are the plan's periods. Requirements are the
positions per forecast row placed on that grid (see `calendar`), zero while the center is
closed. Coverage is counted net of breaks, so break placement is part of the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from frontline.service.planning.calendar import PlanCalendar
from frontline.service.planning.errors import PlanningError
from frontline.wfm.scheduling import (
    CoverageProblem,
    SchedulingInputError,
    SelectionResult,
    SelectionStatus,
    ShiftType,
    select_shifts,
)
from frontline.wfm.scheduling.spec import parse_shift_catalogue


@dataclass(frozen=True)
class ScheduleStage:
    """The covering problem as solved and the chosen plan."""

    problem: CoverageProblem
    result: SelectionResult

    @property
    def shifts_by_name(self) -> dict[str, ShiftType]:
        return {shift.name: shift for shift in self.problem.shifts}


def requirements_on_grid(calendar: PlanCalendar, positions: npt.ArrayLike) -> tuple[int, ...]:
    """Positions per forecast row spread onto the 24-hour period grid of the plan days."""
    required = [0] * calendar.n_periods
    for row, need in enumerate(np.asarray(positions, dtype=np.int64).tolist()):
        required[calendar.period_of_row(row)] = int(need)
    return tuple(required)


def load_catalogue(document: Any, calendar: PlanCalendar) -> tuple[ShiftType, ...]:
    """Shift types from the SHIFTS.yaml document, checked against the plan's grid."""
    try:
        catalogue = parse_shift_catalogue(document, calendar.n_periods)
    except SchedulingInputError as exc:
        raise PlanningError(f"shifts file: {exc}") from None
    minutes = catalogue.period_minutes
    if minutes is None:
        raise PlanningError(
            f"shifts file: give period_minutes: {calendar.interval_minutes} so its periods "
            "line up with the forecast intervals"
        )
    if minutes != calendar.interval_minutes:
        raise PlanningError(
            f"shifts file: period_minutes is {minutes} but the forecast interval is "
            f"{calendar.interval_minutes} minutes; they must be equal"
        )
    for shift in catalogue.shifts:
        if all(calendar.row_of_period(p) is None for p in shift.periods):
            raise PlanningError(
                f"shifts file: shift {shift.name!r} covers no period in opening hours "
                f"({calendar.window_text()} on each plan day); move or remove it"
            )
    return catalogue.shifts


def schedule_stage(
    calendar: PlanCalendar,
    positions: npt.ArrayLike,
    shifts: tuple[ShiftType, ...],
    *,
    time_limit_s: float = 60.0,
    under_cost: float | None = None,
) -> ScheduleStage:
    """Solve the selection; an impossible plan is reported with the periods at fault."""
    try:
        problem = CoverageProblem(requirements_on_grid(calendar, positions), shifts, under_cost)
    except SchedulingInputError as exc:
        raise PlanningError(f"shifts file: {exc}") from None
    result = select_shifts(problem, time_limit=time_limit_s)
    if result.status is SelectionStatus.INFEASIBLE:
        where = ""
        if result.uncoverable:
            shown = ", ".join(calendar.describe_period(p) for p in result.uncoverable[:3])
            more = len(result.uncoverable) - 3
            where = f" ({shown}{f' and {more} more' if more > 0 else ''})"
        raise PlanningError(
            f"no schedule covers the required positions: {result.message}{where}; add shift "
            "types or raise their max, or allow understaffing with an under cost"
        )
    if result.status is SelectionStatus.UNKNOWN:
        raise PlanningError(
            f"no schedule was found within {time_limit_s:g} s; give the solver more time"
        )
    return ScheduleStage(problem, result)
