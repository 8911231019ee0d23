"""Shift scheduling: choose shifts to cover requirements (stage 1), then roster agents (stage 2).

Pure numerics on numpy/scipy; HiGHS (through ``scipy.optimize.milp``) solves the integer
programs. File formats are read by the CLI and handed over here as plain Python values.
"""

from frontline.wfm.scheduling.errors import SchedulingInputError
from frontline.wfm.scheduling.problem import (
    CoverageProblem,
    PlacedBreak,
    ScheduledLine,
    SelectionResult,
    SelectionStatus,
)
from frontline.wfm.scheduling.selection import select_shifts
from frontline.wfm.scheduling.shifts import BreakRule, ShiftType

__all__ = [
    "BreakRule",
    "CoverageProblem",
    "PlacedBreak",
    "ScheduledLine",
    "SchedulingInputError",
    "SelectionResult",
    "SelectionStatus",
    "ShiftType",
    "select_shifts",
]
