"""How the plan's days, forecast rows, schedule periods and simulated time line up.

The forecast covers the next *open* days (weekdays the history never shows, such as the bank's
weekends, are skipped) and on each of them only the daily window the history covers (the bank:
07:00-21:00). Three indices follow from that:

- a **row** is one forecast interval: ``row = day_index * slots + slot``;
- a **period** is one interval of the schedule's clock grid, which spans the whole 24 hours of
  every plan day, so ``SHIFTS.yaml`` names times as ``frontline schedule`` does (with 30-minute
  periods, period 14 of a day is 07:00): ``period = day_index * periods_per_day +
  first_slot + slot``. Periods outside the window need nobody;
- an **open stretch** is a run of rows with no closed time between them. The simulator plays
  each stretch on its own from time 0 at its first row: nothing carries over a closed night.
  A center open around the clock on consecutive days is one long stretch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

MINUTES_PER_DAY = 24 * 60
_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class OpenStretch:
    """Rows ``first_row .. first_row + rows - 1`` are contiguous in time from ``start_minute``
    (local minutes since 1970-01-01)."""

    first_row: int
    rows: int
    start_minute: int


@dataclass(frozen=True, slots=True)
class PlanCalendar:
    """The plan's open days (days since 1970-01-01) and the daily window of the forecast."""

    days: tuple[int, ...]
    first_minute: int
    slots: int
    interval_minutes: int

    @property
    def periods_per_day(self) -> int:
        return MINUTES_PER_DAY // self.interval_minutes

    @property
    def first_slot(self) -> int:
        """Period of the day at which the window opens."""
        return self.first_minute // self.interval_minutes

    @property
    def n_rows(self) -> int:
        return len(self.days) * self.slots

    @property
    def n_periods(self) -> int:
        return len(self.days) * self.periods_per_day

    def period_of_row(self, row: int) -> int:
        day_index, slot = divmod(row, self.slots)
        return day_index * self.periods_per_day + self.first_slot + slot

    def row_of_period(self, period: int) -> int | None:
        """The forecast row of a schedule period, ``None`` when the center is closed then."""
        day_index, of_day = divmod(period, self.periods_per_day)
        slot = of_day - self.first_slot
        if not 0 <= day_index < len(self.days) or not 0 <= slot < self.slots:
            return None
        return day_index * self.slots + slot

    def minute_of_period(self, period: int) -> int:
        """Local wall-clock start of a period, in minutes since 1970-01-01."""
        day_index, of_day = divmod(period, self.periods_per_day)
        return self.days[day_index] * MINUTES_PER_DAY + of_day * self.interval_minutes

    def minute_of_row(self, row: int) -> int:
        return self.minute_of_period(self.period_of_row(row))

    def stretches(self) -> tuple[OpenStretch, ...]:
        """Maximal runs of rows that follow each other without closed time in between."""
        found: list[OpenStretch] = []
        for row in range(self.n_rows):
            minute = self.minute_of_row(row)
            last = found[-1] if found else None
            if last and last.start_minute + last.rows * self.interval_minutes == minute:
                found[-1] = OpenStretch(last.first_row, last.rows + 1, last.start_minute)
            else:
                found.append(OpenStretch(row, 1, minute))
        return tuple(found)

    def describe_period(self, period: int) -> str:
        """``period 14 (day 0, Mon 2003-10-27 07:00)``: how planners read a period number."""
        day_index, of_day = divmod(period, self.periods_per_day)
        if not 0 <= day_index < len(self.days):
            return f"period {period}"
        day = _EPOCH + timedelta(days=self.days[day_index])
        minute = of_day * self.interval_minutes
        clock = f"{minute // 60:02d}:{minute % 60:02d}"
        return f"period {period} (day {day_index}, {day:%a %Y-%m-%d} {clock})"

    def window_text(self) -> str:
        """The daily opening window, e.g. ``07:00-21:00``."""
        end = self.first_minute + self.slots * self.interval_minutes
        return f"{_clock(self.first_minute)}-{_clock(end)}"


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
