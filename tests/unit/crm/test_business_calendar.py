"""Business calendar arithmetic across weekends, holidays and DST changes.

Expected values are worked out by hand from the published DST rules: Europe/Berlin moves from
+01:00 to +02:00 at 02:00 local on 2024-03-31 and back at 03:00 local on 2024-10-27;
America/New_York moves from -05:00 to -04:00 at 02:00 on 2024-03-10 and back at 02:00 on
2024-11-03.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from tests.unit.crm.conftest import berlin, new_york, utc

from frontline.domain.crm.business_calendar import BusinessCalendar
from frontline.domain.crm.errors import CalendarError

HOUR = 3600.0


def weekdays(hours: list[str], tz: str = "Europe/Berlin", **kw: object) -> BusinessCalendar:
    return BusinessCalendar(tz, {d: hours for d in range(5)}, **kw)  # type: ignore[arg-type]


def test_due_time_rolls_from_friday_evening_into_saturday(office: BusinessCalendar) -> None:
    due = office.add_business_time(berlin(2024, 3, 1, 17, 0), 2 * HOUR)  # Fri 17:00
    assert due == berlin(2024, 3, 2, 10, 0)  # 1 h Friday, 1 h Saturday from 09:00


def test_lunch_break_is_not_business_time(office: BusinessCalendar) -> None:
    assert office.add_business_time(berlin(2024, 3, 4, 11, 30), HOUR) == berlin(2024, 3, 4, 13, 30)
    assert office.business_seconds_between(berlin(2024, 3, 4, 11), berlin(2024, 3, 4, 14)) == 7200


def test_weekend_is_skipped_in_new_york() -> None:
    cal = weekdays(["09:00-17:00"], "America/New_York")
    due = cal.add_business_time(new_york(2024, 6, 7, 16, 0), 2 * HOUR)  # Friday 16:00
    assert due == new_york(2024, 6, 10, 10, 0)  # Monday 10:00


def test_due_on_closing_time_is_the_closing_time(office: BusinessCalendar) -> None:
    assert office.add_business_time(berlin(2024, 3, 4, 17), HOUR) == berlin(2024, 3, 4, 18)


def test_adding_zero_returns_start_in_utc(office: BusinessCalendar) -> None:
    start = berlin(2024, 3, 3, 12)  # a closed Sunday
    assert office.add_business_time(start, 0) == start
    assert office.add_business_time(start, 0).tzinfo is not None


def test_holiday_run_over_christmas() -> None:
    cal = weekdays(
        ["09:00-17:00"], holidays=[date(2024, 12, 24), date(2024, 12, 25), date(2024, 12, 26)]
    )
    # Monday 23 Dec 16:00 + 2 h: 1 h on Monday, then Tue-Thu holidays, Friday 27th 10:00.
    assert cal.add_business_time(berlin(2024, 12, 23, 16), 2 * HOUR) == berlin(2024, 12, 27, 10)
    assert cal.business_seconds_between(berlin(2024, 12, 23), berlin(2024, 12, 31)) == 3 * 8 * HOUR


def test_special_hours_replace_the_weekly_hours() -> None:
    cal = weekdays(
        ["09:00-17:00"],
        special_hours={date(2024, 12, 31): ["09:00-12:00"], date(2024, 12, 28): ["10:00-14:00"]},
    )
    assert cal.business_seconds_between(berlin(2024, 12, 31), berlin(2025, 1, 1)) == 3 * HOUR
    assert cal.is_open(berlin(2024, 12, 28, 11))  # a Saturday opened specially
    assert not cal.is_open(berlin(2024, 12, 31, 13))


def test_a_whole_year_of_weekdays_counts_every_weekday() -> None:
    # 2024 has 262 weekdays; DST changes fall on Sunday nights, outside 09-17.
    cal = weekdays(["09:00-17:00"])
    assert cal.business_seconds_between(berlin(2024, 1, 1), berlin(2025, 1, 1)) == 262 * 8 * HOUR
    assert cal.add_business_time(berlin(2024, 1, 1), 262 * 8 * HOUR) == berlin(2024, 12, 31, 17)


def test_spring_forward_day_is_23_hours_in_berlin() -> None:
    cal = BusinessCalendar.always_open("Europe/Berlin")
    assert cal.business_seconds_between(berlin(2024, 3, 31), berlin(2024, 4, 1)) == 23 * HOUR
    # Saturday noon + 24 business hours on a 24/7 calendar = 24 real hours = Sunday 13:00 local.
    assert cal.add_business_time(berlin(2024, 3, 30, 12), 24 * HOUR) == berlin(2024, 3, 31, 13)


def test_fall_back_day_is_25_hours_in_berlin() -> None:
    cal = BusinessCalendar.always_open("Europe/Berlin")
    assert cal.business_seconds_between(berlin(2024, 10, 27), berlin(2024, 10, 28)) == 25 * HOUR


def test_range_into_the_skipped_hour_ends_at_the_jump() -> None:
    cal = BusinessCalendar("Europe/Berlin", {"sun": ["01:30-02:30"], "mon": ["09:00-10:00"]})
    # On 2024-03-31 the clock jumps 02:00 -> 03:00: open 01:30 to the jump, 30 minutes.
    assert cal.business_seconds_between(berlin(2024, 3, 31), berlin(2024, 4, 1)) == 0.5 * HOUR
    assert cal.business_seconds_between(berlin(2024, 3, 24), berlin(2024, 3, 25)) == HOUR


def test_range_inside_the_skipped_hour_never_opens() -> None:
    cal = BusinessCalendar("Europe/Berlin", {"sun": ["02:15-02:45"], "mon": ["09:00-10:00"]})
    assert cal.business_seconds_between(berlin(2024, 3, 31), berlin(2024, 4, 1)) == 0


def test_range_through_the_repeated_hour_lasts_until_the_last_pass() -> None:
    cal = BusinessCalendar("Europe/Berlin", {"sun": ["00:00-02:30", "02:30-05:00"]})
    # Joined into 00:00-05:00: on 2024-10-27 (03:00 CEST -> 02:00 CET) that is 6 real hours.
    assert cal.business_seconds_between(berlin(2024, 10, 27), berlin(2024, 10, 28)) == 6 * HOUR
    early = BusinessCalendar("Europe/Berlin", {"sun": ["00:00-02:30"]})
    # The shift ends the second time the clock shows 02:30: 3.5 real hours.
    assert early.business_seconds_between(berlin(2024, 10, 27), berlin(2024, 10, 28)) == 3.5 * HOUR


def test_new_york_overnight_shift_on_both_changes() -> None:
    cal = BusinessCalendar("America/New_York", {"sun": ["00:00-06:00"]})
    assert cal.business_seconds_between(new_york(2024, 3, 10), new_york(2024, 3, 11)) == 5 * HOUR
    assert cal.business_seconds_between(new_york(2024, 11, 3), new_york(2024, 11, 4)) == 7 * HOUR
    # 4 business hours from midnight on the short night end at 05:00 local (EDT).
    assert cal.add_business_time(new_york(2024, 3, 10), 4 * HOUR) == new_york(2024, 3, 10, 5)


def test_is_open_and_next_open(office: BusinessCalendar) -> None:
    assert office.is_open(berlin(2024, 3, 4, 8))  # opening instant is open
    assert not office.is_open(berlin(2024, 3, 4, 12))  # closing instant is closed
    assert office.next_open(berlin(2024, 3, 4, 12, 30)) == berlin(2024, 3, 4, 13)
    assert office.next_open(berlin(2024, 3, 2, 15)) == berlin(2024, 3, 4, 8)  # Sat -> Mon
    inside = berlin(2024, 3, 4, 9, 15)
    assert office.next_open(inside) == inside


def test_between_is_antisymmetric(office: BusinessCalendar) -> None:
    a, b = berlin(2024, 3, 4, 9), berlin(2024, 3, 6, 9)
    assert office.business_time_between(b, a) == -office.business_time_between(a, b)


def test_results_are_utc_for_any_aware_input(office: BusinessCalendar) -> None:
    due = office.add_business_time(new_york(2024, 3, 4, 3), HOUR)  # 09:00 Berlin
    assert due == utc(2024, 3, 4, 9) and due.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("weekly", "message"),
    [
        ({}, "at least one weekday"),
        ({"mon": []}, "at least one weekday"),
        ({"mon": ["09:00-12:00", "11:00-13:00"]}, "overlap"),
        ({"mon": ["12:00-09:00"]}, "start before it ends"),
        ({"mon": ["09:00-25:00"]}, "between 00:00 and 24:00"),
        ({"funday": ["09:00-12:00"]}, "weekday"),
        ({"mon": ["9-12"]}, "HH:MM"),
    ],
)
def test_bad_calendars_are_refused(weekly: dict[int | str, list[str]], message: str) -> None:
    with pytest.raises(CalendarError, match=message) as info:
        BusinessCalendar("Europe/Berlin", weekly)
    assert isinstance(info.value, ValueError)


def test_unknown_zone_and_double_booked_dates_are_refused() -> None:
    with pytest.raises(CalendarError, match="IANA"):
        BusinessCalendar("Mars/Olympus", {"mon": ["09:00-12:00"]})
    with pytest.raises(CalendarError, match="both a holiday and a special day"):
        weekdays(
            ["09:00-17:00"],
            holidays=[date(2024, 5, 1)],
            special_hours={date(2024, 5, 1): ["10:00-12:00"]},
        )


def test_naive_datetimes_are_refused(office: BusinessCalendar) -> None:
    with pytest.raises(CalendarError, match="no time zone"):
        office.add_business_time(datetime(2024, 3, 4, 9), HOUR)


def test_spec_round_trip_keeps_behaviour(office: BusinessCalendar) -> None:
    spec = weekdays(
        ["09:00-17:00"],
        holidays=[date(2024, 12, 25)],
        special_hours={date(2024, 12, 24): ["09:00-12:00"]},
    ).to_spec()
    again = BusinessCalendar.from_spec(spec)
    assert again.to_spec() == spec
    assert again.business_seconds_between(berlin(2024, 12, 23), berlin(2024, 12, 27)) == 19 * HOUR
    with pytest.raises(CalendarError, match="missing 'time_zone'"):
        BusinessCalendar.from_spec({"weekly": {}})
    with pytest.raises(CalendarError, match="malformed"):
        BusinessCalendar.from_spec(
            {"time_zone": "UTC", "weekly": {"mon": ["09:00-10:00"]}, "holidays": ["not a date"]}
        )
