"""Business calendars: when a queue is open, and business time added and measured over it.

SLA targets are promises in *business* time ("answer within 4 business hours"), so due dates
depend on the queue's time zone, weekly hours, holidays and special opening days. Hours are
local wall-clock ranges; business time is real elapsed time inside them (see `wall_clock` for
the DST rules). Long spans are handled arithmetically: a run of whole weeks without a holiday,
special day or DST change is worth exactly the nominal weekly hours, so it is skipped in one
step instead of being walked day by day.

Inputs and outputs are timezone-aware datetimes; results are in UTC. Holidays are data given
by the caller (no holiday library is consulted), so a calendar is reproducible.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from frontline.domain.crm.errors import CalendarError
from frontline.domain.crm.opening_hours import (
    WEEKDAY_NAMES,
    OpeningRange,
    RangeLike,
    day_ranges,
    weekday_index,
)
from frontline.domain.crm.wall_clock import (
    day_bounds,
    local_date,
    shifted_day_set,
    shifted_days,
    wall_to_utc,
)

_ONE_DAY = timedelta(days=1)
_ZERO = timedelta(0)
Interval = tuple[datetime, datetime]


class _Budget:
    """Business time still to add, shared between `add_business_time` and the walk."""

    __slots__ = ("remaining",)

    def __init__(self, remaining: timedelta) -> None:
        self.remaining = remaining


def as_utc(value: datetime, what: str = "time") -> datetime:
    """Refuse naive datetimes (their meaning depends on the server) and normalise to UTC."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise CalendarError(f"{what} {value.isoformat()} has no time zone; pass an aware datetime")
    return value.astimezone(UTC)


class BusinessCalendar:
    """An IANA time zone, weekly opening ranges, full-day holidays and special opening days.

    Special hours replace the weekly hours on their date (an empty list closes the day, like a
    holiday); a date may not be both a holiday and a special day. A calendar without any weekly
    hours is refused: deadlines on it would never fall due.
    """

    __slots__ = ("_exceptions", "_holidays", "_special", "_week", "_weekly", "_zone", "time_zone")

    def __init__(
        self,
        time_zone: str,
        weekly: Mapping[int | str, Iterable[RangeLike]],
        holidays: Iterable[date] = (),
        special_hours: Mapping[date, Iterable[RangeLike]] | None = None,
    ) -> None:
        try:
            self._zone = ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise CalendarError(f"time zone {time_zone!r} is not an IANA zone name") from exc
        self.time_zone = time_zone
        days: list[tuple[OpeningRange, ...]] = [()] * 7
        for key, ranges in weekly.items():
            index = weekday_index(key)
            days[index] = day_ranges(ranges, WEEKDAY_NAMES[index])
        self._weekly = tuple(days)
        self._week = timedelta(seconds=sum(r.seconds for day in days for r in day))
        if not self._week:
            raise CalendarError("a business calendar needs working hours on at least one weekday")
        self._holidays = frozenset(holidays)
        self._special = {
            day: day_ranges(ranges, day.isoformat())
            for day, ranges in (special_hours or {}).items()
        }
        both = sorted(self._holidays & self._special.keys())
        if both:
            raise CalendarError(f"{both[0].isoformat()} is both a holiday and a special day")
        self._exceptions = tuple(sorted(self._holidays | self._special.keys()))

    @classmethod
    def always_open(cls, time_zone: str = "UTC") -> BusinessCalendar:
        """24/7: business time equals elapsed time."""
        return cls(time_zone, {day: ["00:00-24:00"] for day in range(7)})

    # -- queries -------------------------------------------------------------------------
    def hours_on(self, day: date) -> tuple[OpeningRange, ...]:
        """The local opening ranges of ``day`` after holidays and special days are applied."""
        if day in self._special:
            return self._special[day]
        if day in self._holidays:
            return ()
        return self._weekly[day.weekday()]

    def is_open(self, at: datetime) -> bool:
        moment = as_utc(at)
        day = local_date(self._zone, moment) - _ONE_DAY
        for _ in range(3):
            if any(start <= moment < end for start, end in self.intervals_on(day)):
                return True
            day += _ONE_DAY
        return False

    def next_open(self, at: datetime) -> datetime:
        """``at`` itself when open, else the instant the calendar next opens (UTC)."""
        moment = as_utc(at)
        for start, end in self._intervals_from(moment):
            if end > moment:
                return max(start, moment)
        raise AssertionError("unreachable: a calendar with weekly hours always opens again")

    def intervals_on(self, day: date) -> list[Interval]:
        """The UTC open intervals of one local date, in order."""
        ranges = self.hours_on(day)
        if not ranges:
            return []
        if day not in self._shifted(day.year):
            midnight = day_bounds(self._zone, day)[0]
            return [
                (midnight + timedelta(seconds=r.start_s), midnight + timedelta(seconds=r.end_s))
                for r in ranges
            ]
        zone = self._zone
        merged: list[Interval] = []
        for r in ranges:
            start = wall_to_utc(zone, day, r.start_s, latest=False)
            end = wall_to_utc(zone, day, r.end_s, latest=True)
            if merged and start <= merged[-1][1]:  # ranges either side of a repeated hour
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            elif end > start:
                merged.append((start, end))
        return merged

    # -- arithmetic ----------------------------------------------------------------------
    def add_business_time(self, start: datetime, duration: timedelta | float) -> datetime:
        """The earliest instant by which ``duration`` of business time has passed since ``start``.

        A due time that lands exactly on a closing time is that closing time (not the next
        opening). Adding zero returns ``start`` (in UTC).
        """
        remaining = duration if isinstance(duration, timedelta) else timedelta(seconds=duration)
        if remaining < _ZERO:
            raise CalendarError("business time to add must not be negative")
        moment = as_utc(start, "start")
        if remaining == _ZERO:
            return moment
        budget = _Budget(remaining)
        for begin, end in self._intervals_from(moment, budget=budget):
            length = end - begin
            if budget.remaining <= length:
                return begin + budget.remaining
            budget.remaining -= length
        raise AssertionError("unreachable: a calendar with weekly hours always opens again")

    def business_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Business time from ``a`` to ``b``; negative when ``b`` is before ``a``."""
        first, last = as_utc(a, "from"), as_utc(b, "to")
        if last < first:
            return -self.business_time_between(last, first)
        total = _ZERO
        safe_until = local_date(self._zone, last) - _ONE_DAY
        for begin, end in self._intervals_from(first, until=last, safe_until=safe_until):
            if begin >= last:
                break
            total += min(end, last) - begin
        return total

    def business_seconds_between(self, a: datetime, b: datetime) -> float:
        return self.business_time_between(a, b).total_seconds()

    # -- the walk ------------------------------------------------------------------------
    def _intervals_from(
        self,
        moment: datetime,
        *,
        budget: _Budget | None = None,
        until: datetime | None = None,
        safe_until: date | None = None,
    ) -> Iterator[Interval]:
        """Open intervals after ``moment`` in time order, clipped so none overlaps another.

        Between days, whole regular weeks are skipped when the caller can account for them:
        ``budget`` (time still to add) still exceeds them, or they end before
        ``safe_until``; skipped weeks are yielded as one pseudo-interval of the right length,
        which is all either caller needs.
        """
        day = local_date(self._zone, moment) - _ONE_DAY
        cursor = moment
        while until is None or day <= local_date(self._zone, until):
            for begin, end in self.intervals_on(day):
                begin = max(begin, cursor)
                if end > begin:
                    yield begin, end
                    cursor = end
            day += _ONE_DAY
            weeks = self._skippable_weeks(day, cursor, budget, safe_until)
            if weeks:
                start = day_bounds(self._zone, day)[0]
                yield start, start + weeks * self._week
                day += weeks * 7 * _ONE_DAY
                cursor = max(cursor, day_bounds(self._zone, day)[0])

    def _skippable_weeks(
        self,
        day: date,
        cursor: datetime,
        budget: _Budget | None,
        safe_until: date | None,
    ) -> int:
        if budget is None and safe_until is None:
            return 0
        weeks = (self._next_exception(day) - day).days // 7
        if safe_until is not None:
            weeks = min(weeks, (safe_until - day).days // 7)
        if budget is not None:
            remaining = budget.remaining
            weeks = min(weeks, (remaining - timedelta.resolution) // self._week)
        if weeks <= 0 or day_bounds(self._zone, day)[0] < cursor:
            return 0
        return weeks

    def _next_exception(self, day: date) -> date:
        """The first day ≥ ``day`` that is a holiday, special day or DST change (or a barrier
        two years on, so zones without DST need no unbounded search)."""
        candidates = [date(day.year + 2, 1, 1)]
        index = bisect_left(self._exceptions, day)
        if index < len(self._exceptions):
            candidates.append(self._exceptions[index])
        for year in (day.year, day.year + 1):
            shifted = [d for d in shifted_days(self._zone, year) if d >= day]
            if shifted:
                candidates.append(shifted[0])
                break
        return min(candidates)

    def _shifted(self, year: int) -> frozenset[date]:
        return shifted_day_set(self._zone, year)

    # -- plain data ------------------------------------------------------------------------
    def to_spec(self) -> dict[str, Any]:
        """JSON-ready description; `from_spec` reads it back."""
        return {
            "time_zone": self.time_zone,
            "weekly": {
                WEEKDAY_NAMES[i]: [str(r) for r in day] for i, day in enumerate(self._weekly) if day
            },
            "holidays": [d.isoformat() for d in sorted(self._holidays)],
            "special_hours": {
                d.isoformat(): [str(r) for r in ranges]
                for d, ranges in sorted(self._special.items())
            },
        }

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any]) -> BusinessCalendar:
        try:
            return cls(
                time_zone=str(spec["time_zone"]),
                weekly=dict(spec.get("weekly", {})),
                holidays=[date.fromisoformat(d) for d in spec.get("holidays", [])],
                special_hours={
                    date.fromisoformat(d): list(r)
                    for d, r in dict(spec.get("special_hours", {})).items()
                },
            )
        except KeyError as exc:
            raise CalendarError(f"calendar spec is missing {exc.args[0]!r}") from exc
        except (TypeError, ValueError) as exc:
            if isinstance(exc, CalendarError):
                raise
            raise CalendarError(f"calendar spec is malformed: {exc}") from exc
