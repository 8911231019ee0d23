"""The shift-selection problem and its answer, as plain records that can be stored as they are.

Selection decides how many people work each shift type so that the staffed count in every
period meets the requirement (hard coverage) or trades shortfalls and surpluses against
shift cost (soft coverage, when ``under_cost`` is set).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from frontline.wfm.scheduling.errors import SchedulingInputError
from frontline.wfm.scheduling.shifts import ShiftType


@dataclass(frozen=True, slots=True)
class CoverageProblem:
    """Requirements per period and the shift types that may meet them.

    ``under_cost`` is the price of one person missing for one period; ``None`` makes coverage
    a hard constraint. ``over_cost`` is the price of one person more than required for one
    period (0: surplus is free beyond the shift cost that caused it).
    """

    required: tuple[int, ...]
    shifts: tuple[ShiftType, ...]
    under_cost: float | None = None
    over_cost: float = 0.0

    def __post_init__(self) -> None:
        if not self.required:
            raise SchedulingInputError("the requirements have no periods")
        for period, need in enumerate(self.required):
            if need < 0:
                raise SchedulingInputError(f"period {period} has a negative requirement ({need})")
        if not self.shifts:
            raise SchedulingInputError("no shift types are defined")
        names: set[str] = set()
        horizon = len(self.required)
        for shift in self.shifts:
            if shift.name in names:
                raise SchedulingInputError(f"shift {shift.name!r} is defined twice")
            names.add(shift.name)
            outside = [p for p in shift.periods if not 0 <= p < horizon]
            if outside:
                raise SchedulingInputError(
                    f"shift {shift.name!r} covers period {outside[0]}, outside the "
                    f"requirements (0-{horizon - 1})"
                )
        if self.under_cost is not None and self.under_cost <= 0:
            raise SchedulingInputError("the understaffing cost must be positive")
        if self.over_cost < 0:
            raise SchedulingInputError("the overstaffing cost must not be negative")


class SelectionStatus(StrEnum):
    """How far the solver got: ``optimal`` is proven within the gap tolerance, ``feasible`` is
    the best plan found before the time limit, ``unknown`` means no plan was found in time."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class PlacedBreak:
    """One break of a scheduled line: the rule, where it starts in the shift, what it covers."""

    rule: str
    start: int
    periods: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ScheduledLine:
    """``count`` people on ``shift`` who all take the same breaks."""

    shift: str
    count: int
    breaks: tuple[PlacedBreak, ...] = ()


@dataclass(frozen=True, slots=True)
class SelectionResult:
    """The chosen plan with the evidence for its quality.

    ``cost`` is the objective (shift cost plus any under/over-staffing penalties);
    ``lower_bound`` is the solver's proven bound (rounded up when every cost is an integer),
    ``lp_bound`` the linear-relaxation bound, ``gap`` the relative distance between ``cost``
    and ``lower_bound``. ``scheduled`` counts people working per period, net of breaks.
    """

    status: SelectionStatus
    required: tuple[int, ...]
    counts: dict[str, int] = field(default_factory=dict)
    lines: tuple[ScheduledLine, ...] = ()
    scheduled: tuple[int, ...] = ()
    cost: float | None = None
    shift_cost: float | None = None
    lower_bound: float | None = None
    lp_bound: float | None = None
    gap: float | None = None
    seconds: float = 0.0
    message: str = ""
    uncoverable: tuple[int, ...] = ()

    def short(self) -> tuple[int, ...]:
        """People missing per period (0 where the requirement is met)."""
        return tuple(max(0, r - s) for r, s in zip(self.required, self.scheduled, strict=True))

    def over(self) -> tuple[int, ...]:
        """People beyond the requirement per period."""
        return tuple(max(0, s - r) for r, s in zip(self.required, self.scheduled, strict=True))
