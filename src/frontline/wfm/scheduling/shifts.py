"""Shift types and their break rules: the columns of the covering problem.

A shift type lists the periods it covers in working order (so a night shift may wrap past
the end of the horizon) and what one person on it costs. Break rules are written relative
to the shift (position 0 is its first covered period) so one rule fits every start time.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from frontline.wfm.scheduling.errors import SchedulingInputError


@dataclass(frozen=True, slots=True)
class BreakRule:
    """One break each person on the shift takes: ``length`` periods inside a window.

    The break starts at a position ``p`` with ``earliest <= p`` and ``p + length <= latest``,
    positions counted from the shift's first period. "A 30-minute lunch between hours 3 and 5"
    on 15-minute periods is ``BreakRule("lunch", length=2, earliest=12, latest=20)``.
    """

    name: str
    length: int
    earliest: int
    latest: int

    def starts(self) -> range:
        """The positions (relative to the shift) where this break may start."""
        return range(self.earliest, self.latest - self.length + 1)


@dataclass(frozen=True, slots=True)
class ShiftType:
    """A kind of shift the planner may staff any number of times between ``min_count`` and
    ``max_count`` (``None``: unbounded)."""

    name: str
    periods: tuple[int, ...]
    cost: float
    min_count: int = 0
    max_count: int | None = None
    breaks: tuple[BreakRule, ...] = ()

    def __post_init__(self) -> None:
        where = f"shift {self.name!r}"
        if not self.name:
            raise SchedulingInputError("a shift has an empty name")
        if not self.periods:
            raise SchedulingInputError(f"{where} covers no periods")
        if len(set(self.periods)) != len(self.periods):
            raise SchedulingInputError(f"{where} lists a period twice")
        if self.cost < 0:
            raise SchedulingInputError(f"{where} has a negative cost ({self.cost})")
        if self.min_count < 0:
            raise SchedulingInputError(f"{where} has a negative min ({self.min_count})")
        if self.max_count is not None and self.max_count < self.min_count:
            raise SchedulingInputError(
                f"{where} has max {self.max_count} below min {self.min_count}"
            )
        _check_breaks(where, len(self.periods), self.breaks)

    def break_periods(self, rule: BreakRule, start: int) -> tuple[int, ...]:
        """The horizon periods a break of ``rule`` starting at position ``start`` takes out."""
        return self.periods[start : start + rule.length]


def _check_breaks(where: str, length: int, rules: tuple[BreakRule, ...]) -> None:
    """Breaks must fit the shift and their windows must not overlap.

    Disjoint windows are what make the break model exact: any choice of one start per rule
    is a valid day for one person, so counts per rule can be chosen independently (the
    implicit break model of Bechtold & Jacobs, 1990).
    """
    names: set[str] = set()
    for rule in rules:
        label = f"{where}, break {rule.name!r}"
        if rule.name in names:
            raise SchedulingInputError(f"{label} is defined twice")
        names.add(rule.name)
        if rule.length <= 0:
            raise SchedulingInputError(f"{label} must last at least one period")
        if rule.earliest < 0 or rule.latest > length:
            raise SchedulingInputError(
                f"{label}: window {rule.earliest}-{rule.latest} lies outside the shift's "
                f"{length} periods"
            )
        if rule.latest - rule.earliest < rule.length:
            raise SchedulingInputError(
                f"{label}: window {rule.earliest}-{rule.latest} is shorter than the break "
                f"({rule.length} periods)"
            )
    ordered = sorted(rules, key=lambda rule: rule.earliest)
    for before, after in pairwise(ordered):
        if after.earliest < before.latest:
            raise SchedulingInputError(
                f"{where}: windows of breaks {before.name!r} and {after.name!r} overlap; "
                "give each break its own window"
            )
