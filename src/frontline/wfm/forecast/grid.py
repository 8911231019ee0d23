"""The day × interval matrix every forecasting method works on, and its calendar.

Contact arrivals repeat by calendar weekday and time of day, so the history is held as one row
per open day and one column per interval of the daily window. Days are integers (days since
1970-01-01) so that weekday arithmetic stays vectorised and free of time zones: all times are
local wall-clock times.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: 1970-01-01 was a Thursday; adding this makes Monday = 0 like ``date.weekday()``.
_EPOCH_WEEKDAY = 3
#: Open days after a closure that get their own carry-over factor (see the profile method).
CARRY_OVER_DAYS = 2


def weekday_of(day: int | IntArray) -> IntArray:
    """Calendar weekday (Monday = 0) of one or many day numbers."""
    return np.asarray((np.asarray(day, dtype=np.int64) + _EPOCH_WEEKDAY) % 7, dtype=np.int64)


def _weekday(day: int) -> int:
    return (day + _EPOCH_WEEKDAY) % 7


@dataclass(frozen=True)
class DayGrid:
    """Complete days of history: ``values[d, s]`` contacts on ``days[d]`` in interval ``s``.

    ``first_minute`` is the start of column 0 in minutes after midnight and ``interval_minutes``
    the column width, so column ``s`` starts at ``first_minute + s * interval_minutes``.
    ``closed`` holds the day numbers known to be closed (holidays) beyond the gaps that the
    history itself shows; it lets methods see a closure that lies between history and target.
    ``known_ranks`` carries ``ranks`` over from a longer grid so backtests skip recomputing them.
    """

    days: IntArray
    values: FloatArray
    first_minute: int
    interval_minutes: int
    closed: frozenset[int] = field(default_factory=frozenset)
    known_ranks: IntArray | None = field(default=None, repr=False, compare=False)

    @property
    def slots(self) -> int:
        """Number of intervals in the daily window."""
        return int(self.values.shape[1])

    @property
    def weekdays(self) -> IntArray:
        """Calendar weekday of every history day."""
        return weekday_of(self.days)

    @cached_property
    def ranks(self) -> IntArray:
        """``days_since_closure`` of every history day (computed once, shared with heads)."""
        if self.known_ranks is not None:
            return self.known_ranks
        return days_since_closure(self, self.days)

    def head(self, n: int) -> DayGrid:
        """The first ``n`` days: the history as it stood before day ``n`` (a backtest origin).

        A day's closure rank depends only on earlier days, so the head reuses this grid's ranks
        as long as it has seen the same open weekdays.
        """
        head = DayGrid(
            self.days[:n], self.values[:n], self.first_minute, self.interval_minutes, self.closed
        )
        if head.open_weekdays() != self.open_weekdays():
            return head
        return replace(head, known_ranks=self.ranks[:n])

    def with_closed(self, closed: Iterable[int]) -> DayGrid:
        """The same history with extra known closures (for example declared holidays)."""
        return DayGrid(
            self.days,
            self.values,
            self.first_minute,
            self.interval_minutes,
            self.closed | frozenset(closed),
        )

    @cached_property
    def _present(self) -> frozenset[int]:
        return frozenset(int(d) for d in self.days)

    def open_weekdays(self) -> frozenset[int]:
        """Weekdays the history shows as open; the others (say weekends) are never forecast."""
        return self._open_weekdays

    @cached_property
    def _open_weekdays(self) -> frozenset[int]:
        return frozenset(int(w) for w in np.unique(self.weekdays))

    def is_closed(self, day: int) -> bool:
        """A normally open weekday with no data inside the history span, or a declared closure."""
        if day in self.closed:
            return True
        if len(self.days) == 0 or _weekday(day) not in self.open_weekdays():
            return False
        inside = int(self.days[0]) < day < int(self.days[-1])
        return inside and day not in self._present

    def next_open_days(self, count: int, after: int | None = None) -> list[int]:
        """The next ``count`` open days after ``after`` (default: the last history day)."""
        start = int(self.days[-1]) if after is None else after
        open_days = self.open_weekdays()
        found: list[int] = []
        day = start
        while len(found) < count:
            day += 1
            if _weekday(day) in open_days and day not in self.closed:
                found.append(day)
        return found


def days_since_closure(grid: DayGrid, days: Iterable[int]) -> IntArray:
    """For each day, 1 if the previous open weekday was closed, 2 if the one before, else 0.

    Contacts that could not be made on a holiday arrive on the next open days (the day after
    US Labor Day 2003 had 36% more calls than a normal Tuesday), so the methods treat those
    days apart. Anything beyond ``CARRY_OVER_DAYS`` counts as a normal day (0).
    """
    open_days = grid.open_weekdays()
    if not open_days:
        return np.zeros(len(list(days)), dtype=np.int64)
    first = int(grid.days[0])
    ranks: list[int] = []
    for day in days:
        rank, probe = 0, int(day)
        for step in range(1, CARRY_OVER_DAYS + 1):
            probe -= 1
            while _weekday(probe) not in open_days:
                probe -= 1
            if probe < first:
                break
            if grid.is_closed(probe):
                rank = step
                break
        ranks.append(rank)
    return np.asarray(ranks, dtype=np.int64)
