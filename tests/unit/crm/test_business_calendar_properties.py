"""Invariants of business-time arithmetic, checked with Hypothesis over calendars that cross
weekends, holiday runs and both DST changes in Berlin and New York."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.domain.crm.business_calendar import BusinessCalendar

OFFICE = ["08:00-12:00", "13:00-18:00"]
CALENDARS = [
    BusinessCalendar(
        "Europe/Berlin",
        {**{d: OFFICE for d in ("mon", "tue", "wed", "thu", "fri")}, "sat": ["09:00-13:00"]},
        holidays=[date(2024, 12, 24), date(2024, 12, 25), date(2024, 12, 26), date(2025, 1, 1)],
        special_hours={date(2024, 12, 31): ["09:00-12:00"]},
    ),
    BusinessCalendar(
        "America/New_York",
        {"mon": ["09:00-17:00"], "wed": ["09:00-17:00"], "sun": ["00:00-06:00", "22:00-24:00"]},
        holidays=[date(2024, 7, 4), date(2024, 11, 28)],
    ),
    BusinessCalendar("Europe/Berlin", {"sun": ["01:30-02:30", "02:45-03:30"]}),
    BusinessCalendar.always_open("America/New_York"),
]
ALWAYS_OPEN = [BusinessCalendar.always_open("Europe/Berlin"), CALENDARS[3]]

calendars = st.sampled_from(CALENDARS)
instants = st.datetimes(
    min_value=datetime(2023, 6, 1), max_value=datetime(2026, 6, 1), timezones=st.just(UTC)
)
durations = st.integers(min_value=0, max_value=3000 * 3600).map(lambda s: timedelta(seconds=s))
fine_durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=120))


def day_by_day(cal: BusinessCalendar, a: datetime, b: datetime) -> timedelta:
    """Reference: walk every local date and clip its intervals, no week skipping."""
    total = timedelta(0)
    day = a.astimezone(cal._zone).date() - timedelta(days=1)
    while day <= b.astimezone(cal._zone).date():
        for start, end in cal.intervals_on(day):
            total += max(timedelta(0), min(end, b) - max(start, a))
        day += timedelta(days=1)
    return total


@settings(max_examples=150, deadline=None)
@given(calendars, instants, fine_durations)
def test_measuring_what_was_added_gives_it_back(
    cal: BusinessCalendar, start: datetime, amount: timedelta
) -> None:
    due = cal.add_business_time(start, amount)
    assert due >= start
    assert cal.business_time_between(start, due) == amount
    if amount:
        assert cal.is_open(due - timedelta.resolution)


@settings(max_examples=100, deadline=None)
@given(calendars, instants, durations, durations)
def test_due_time_is_monotone_in_amount(
    cal: BusinessCalendar, start: datetime, x: timedelta, y: timedelta
) -> None:
    low, high = sorted((x, y))
    assert cal.add_business_time(start, low) <= cal.add_business_time(start, high)


@settings(max_examples=100, deadline=None)
@given(calendars, instants, instants, durations)
def test_due_time_is_monotone_in_start(
    cal: BusinessCalendar, a: datetime, b: datetime, x: timedelta
) -> None:
    early, late = sorted((a, b))
    assert cal.add_business_time(early, x) <= cal.add_business_time(late, x)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(ALWAYS_OPEN), instants, fine_durations)
def test_always_open_equals_wall_clock_arithmetic(
    cal: BusinessCalendar, start: datetime, amount: timedelta
) -> None:
    assert cal.add_business_time(start, amount) == start + amount
    assert cal.business_time_between(start, start + amount) == amount


@settings(max_examples=100, deadline=None)
@given(calendars, instants, instants)
def test_week_skipping_matches_the_day_by_day_walk(
    cal: BusinessCalendar, a: datetime, b: datetime
) -> None:
    a, b = sorted((a, b))
    assert cal.business_time_between(a, b) == day_by_day(cal, a, b)


@settings(max_examples=100, deadline=None)
@given(calendars, instants, instants, instants)
def test_between_is_additive(cal: BusinessCalendar, a: datetime, b: datetime, c: datetime) -> None:
    a, b, c = sorted((a, b, c))
    assert cal.business_time_between(a, b) + cal.business_time_between(b, c) == (
        cal.business_time_between(a, c)
    )


@settings(max_examples=150, deadline=None)
@given(calendars, instants)
def test_is_open_agrees_with_measured_time(cal: BusinessCalendar, t: datetime) -> None:
    tick = timedelta.resolution
    assert cal.is_open(t) == (cal.business_time_between(t, t + tick) == tick)
    opens = cal.next_open(t)
    assert opens >= t and cal.is_open(opens)
    assert cal.business_time_between(t, opens) == timedelta(0)
