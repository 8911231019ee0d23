"""How forecast rows, schedule periods and simulated stretches line up."""

from __future__ import annotations

from datetime import date

from frontline.service.planning.calendar import OpenStretch, PlanCalendar

MONDAY = (date(2003, 10, 27) - date(1970, 1, 1)).days


def bank_week() -> PlanCalendar:
    """Five weekdays open 07:00-21:00 in 30-minute intervals (28 a day)."""
    return PlanCalendar(tuple(MONDAY + k for k in range(5)), 7 * 60, 28, 30)


def test_rows_map_to_clock_periods_of_each_day() -> None:
    calendar = bank_week()
    assert calendar.periods_per_day == 48
    assert calendar.n_rows == 140 and calendar.n_periods == 240
    assert calendar.period_of_row(0) == 14  # Monday 07:00
    assert calendar.period_of_row(27) == 41  # Monday 20:30
    assert calendar.period_of_row(28) == 48 + 14  # Tuesday 07:00
    assert calendar.row_of_period(62) == 28
    assert calendar.row_of_period(13) is None  # Monday 06:30, closed
    assert calendar.row_of_period(42) is None  # Monday 21:00, closed
    assert calendar.minute_of_row(28) == (MONDAY + 1) * 1440 + 7 * 60


def test_each_day_is_its_own_stretch_when_nights_are_closed() -> None:
    stretches = bank_week().stretches()
    assert [s.first_row for s in stretches] == [0, 28, 56, 84, 112]
    assert all(s.rows == 28 for s in stretches)
    assert stretches[1].start_minute == (MONDAY + 1) * 1440 + 420


def test_a_center_open_around_the_clock_is_one_stretch_but_a_weekend_splits_it() -> None:
    friday = MONDAY + 4
    calendar = PlanCalendar((MONDAY + 3, friday, MONDAY + 7), 0, 48, 30)
    assert calendar.stretches() == (
        OpenStretch(0, 96, (MONDAY + 3) * 1440),
        OpenStretch(96, 48, (MONDAY + 7) * 1440),
    )


def test_periods_are_described_with_day_and_clock() -> None:
    calendar = bank_week()
    assert calendar.describe_period(62) == "period 62 (day 1, Tue 2003-10-28 07:00)"
    assert calendar.window_text() == "07:00-21:00"
