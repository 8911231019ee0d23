"""Local wall-clock times of a business calendar as UTC instants, across DST changes.

Business hours are authored in local wall-clock time ("we open at 08:00"), but business time is
counted in real elapsed seconds between UTC instants, so a 24/7 calendar gives exactly
wall-clock arithmetic: a 23-hour day at spring-forward, a 25-hour day at fall-back.

Two local times need a rule, and the rule chosen here is "a range covers the whole stretch in
which the clock shows a time inside it, made contiguous":

* Skipped hour (spring-forward, e.g. 02:00–03:00 in Berlin on the last Sunday of March): a
  boundary that falls into the gap is the instant of the jump. A range 01:30–02:30 is open
  from 01:30 until the clock jumps to 03:00 (30 minutes); a range 02:15–02:45 never happens.
* Repeated hour (fall-back): a range *starts* at the first time the clock shows its start and
  *ends* at the last time the clock shows its end. A shift 00:00–02:30 on the night the clock
  goes back works 3.5 real hours; a range lying inside the repeated hour covers both passes.

Both rules keep every range a single interval whose length is its wall-clock length plus or
minus the DST shift, so adding and measuring business time stay exact inverses.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from frontline.domain.crm.opening_hours import DAY_SECONDS

_ONE_SECOND = timedelta(seconds=1)


def wall_to_utc(zone: ZoneInfo, day: date, second_of_day: int, *, latest: bool) -> datetime:
    """The UTC instant at which the clock in ``zone`` shows ``second_of_day`` on ``day``.

    ``second_of_day`` may be 86 400 (midnight at the end of ``day``). ``latest`` picks the second
    pass through a repeated hour (range ends) instead of the first (range starts).
    """
    naive = datetime(day.year, day.month, day.day) + timedelta(seconds=second_of_day)
    first = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if first == second:
        return first
    if first < second:  # repeated hour: fold 0 is the first pass
        return second if latest else first
    # Skipped hour: zoneinfo reads fold=1 with the later offset, giving an instant before
    # the jump, and fold=0 one after it. The jump itself lies in between; find it exactly.
    return _transition_between(zone, second, first)


def _transition_between(zone: ZoneInfo, before: datetime, after: datetime) -> datetime:
    """First instant in (before, after] whose UTC offset differs from ``before``'s (bisection)."""
    offset = before.astimezone(zone).utcoffset()
    low, high = before, after
    while high - low > _ONE_SECOND:
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if middle <= low:
            middle = low + _ONE_SECOND
        if middle.astimezone(zone).utcoffset() == offset:
            low = middle
        else:
            high = middle
    return high


def local_date(zone: ZoneInfo, instant: datetime) -> date:
    """The calendar date the clock in ``zone`` shows at ``instant``."""
    return instant.astimezone(zone).date()


def day_bounds(zone: ZoneInfo, day: date) -> tuple[datetime, datetime]:
    """The instants the local day starts (first midnight) and ends (last following midnight)."""
    return wall_to_utc(zone, day, 0, latest=False), wall_to_utc(zone, day, DAY_SECONDS, latest=True)


@lru_cache(maxsize=512)
def shifted_days(zone: ZoneInfo, year: int) -> tuple[date, ...]:
    """The days of ``year`` that are not exactly 24 hours long in ``zone`` (DST changes).

    On every other day the offset is constant, so a range lasts exactly its wall-clock length;
    the calendar uses this to skip whole weeks arithmetically. Cached per zone and year: one
    pass of 366 conversions, done once.
    """
    irregular: list[date] = []
    day = date(year, 1, 1)
    while day.year == year:
        start, end = day_bounds(zone, day)
        if end - start != timedelta(days=1) or _offset_changes_within(zone, start, end):
            irregular.append(day)
        day += timedelta(days=1)
    return tuple(irregular)


def _offset_changes_within(zone: ZoneInfo, start: datetime, end: datetime) -> bool:
    """A change and its undoing inside one 24-hour day (no zone does this today; be safe)."""
    offset = start.astimezone(zone).utcoffset()
    noon = start + (end - start) / 2
    return noon.astimezone(zone).utcoffset() != offset


@lru_cache(maxsize=512)
def shifted_day_set(zone: ZoneInfo, year: int) -> frozenset[date]:
    """`shifted_days` as a set, for the per-day membership test."""
    return frozenset(shifted_days(zone, year))
