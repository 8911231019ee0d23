"""Generate shift types from templates, so nobody types two hundred shifts by hand.

A template says "on these days, start every ``every`` periods from ``first_start`` to
``last_start``, for each of these lengths"; each combination becomes one ``ShiftType``. The
horizon is treated as cyclic (a week wraps from Sunday night into Monday morning), which is
the usual assumption for a repeating weekly schedule; ``wrap=False`` drops shifts that would
run past the end instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from frontline.wfm.scheduling.errors import SchedulingInputError
from frontline.wfm.scheduling.shifts import BreakRule, ShiftType


@dataclass(frozen=True, slots=True)
class ShiftTemplate:
    """A family of shifts differing only in day, start and length."""

    name: str
    days: tuple[int, ...]
    periods_per_day: int
    first_start: int
    last_start: int
    every: int
    lengths: tuple[int, ...]
    cost: float | None = None
    cost_per_period: float | None = None
    max_count: int | None = None
    breaks: tuple[BreakRule, ...] = ()
    wrap: bool = True

    def __post_init__(self) -> None:
        where = f"template {self.name!r}"
        if self.periods_per_day <= 0:
            raise SchedulingInputError(f"{where}: periods_per_day must be positive")
        if self.every <= 0:
            raise SchedulingInputError(f"{where}: every must be positive")
        if not 0 <= self.first_start <= self.last_start < self.periods_per_day:
            raise SchedulingInputError(
                f"{where}: starts {self.first_start}-{self.last_start} must lie within a day "
                f"of {self.periods_per_day} periods"
            )
        if not self.lengths or min(self.lengths) <= 0:
            raise SchedulingInputError(f"{where}: lengths must be positive")
        if (self.cost is None) == (self.cost_per_period is None):
            raise SchedulingInputError(f"{where}: give exactly one of cost or cost_per_period")
        if not self.days:
            raise SchedulingInputError(f"{where}: no days given")


def expand_template(
    template: ShiftTemplate, n_periods: int, period_minutes: int | None = None
) -> list[ShiftType]:
    """All shift types of ``template`` on a horizon of ``n_periods`` periods."""
    where = f"template {template.name!r}"
    shifts: list[ShiftType] = []
    for day in template.days:
        day_start = day * template.periods_per_day
        if day_start >= n_periods:
            raise SchedulingInputError(
                f"{where}: day {day} starts at period {day_start}, beyond the requirements "
                f"({n_periods} periods)"
            )
        for start in range(template.first_start, template.last_start + 1, template.every):
            for length in template.lengths:
                first = day_start + start
                if length > n_periods:
                    raise SchedulingInputError(f"{where}: length {length} exceeds the horizon")
                if not template.wrap and first + length > n_periods:
                    continue
                periods = tuple((first + k) % n_periods for k in range(length))
                cost = template.cost
                if cost is None:
                    cost = float(template.cost_per_period or 0.0) * length
                shifts.append(
                    ShiftType(
                        name=_shift_name(template.name, day, start, length, period_minutes),
                        periods=periods,
                        cost=cost,
                        max_count=template.max_count,
                        breaks=template.breaks,
                    )
                )
    return shifts


def _shift_name(name: str, day: int, start: int, length: int, minutes: int | None) -> str:
    """Readable names: ``early-d0-07:00-8h`` when the period length is known."""
    if minutes is None:
        return f"{name}-d{day}-p{start}-l{length}"
    clock = start * minutes
    span = length * minutes
    duration = f"{span // 60}h" if span % 60 == 0 else f"{span}m"
    return f"{name}-d{day}-{clock // 60:02d}:{clock % 60:02d}-{duration}"
