"""Weekday seasons, closures and the two planner baselines on the real bank calendar."""

from __future__ import annotations

import numpy as np

from frontline.wfm.forecast import DayGrid, days_since_closure, seasonal_naive, weekday_mean
from frontline.wfm.forecast.backtest import known_closures
from frontline.wfm.forecast.grid import weekday_of

from .conftest import day_number


def row_of(grid: DayGrid, text: str) -> int:
    return int(np.flatnonzero(grid.days == day_number(text))[0])


def test_weekday_of_matches_the_calendar():
    assert int(weekday_of(day_number("2003-09-01"))) == 0  # Labor Day 2003, a Monday
    assert int(weekday_of(day_number("2003-10-24"))) == 4  # last day of the data, a Friday
    assert int(weekday_of(0)) == 3  # 1970-01-01, a Thursday


def test_bank_closures_are_its_six_missing_weekdays(bank):
    missing = {"2003-04-04", "2003-04-07", "2003-05-26", "2003-07-04", "2003-09-01", "2003-10-14"}
    assert known_closures(bank) == {day_number(d) for d in missing}
    assert bank.open_weekdays() == frozenset(range(5))


def test_days_after_a_holiday_are_ranked(bank):
    days = [day_number(d) for d in ("2003-09-02", "2003-09-03", "2003-09-04", "2003-09-08")]
    assert list(days_since_closure(bank, days)) == [1, 2, 0, 0]


def test_a_declared_holiday_ahead_is_seen_from_the_history(bank):
    history = bank.head(row_of(bank, "2003-08-29") + 1)  # ends Friday before Labor Day
    tuesday = day_number("2003-09-02")
    assert list(days_since_closure(history, [tuesday])) == [0]
    planned = history.with_closed([day_number("2003-09-01")])
    assert list(days_since_closure(planned, [tuesday])) == [1]
    assert planned.next_open_days(2) == [tuesday, day_number("2003-09-03")]


def test_next_open_days_skip_the_weekend(bank):
    assert bank.next_open_days(2) == [day_number("2003-10-27"), day_number("2003-10-28")]


def test_seasonal_naive_takes_the_last_same_weekday_across_a_holiday(bank):
    # Forecasting Mon 2003-09-08 from history to Fri 09-05: Mon 09-01 is missing, so the
    # season is Mon 08-25, not "5 rows back" (which would be Fri 08-29).
    history = bank.head(row_of(bank, "2003-09-05") + 1)
    predicted = seasonal_naive(history, np.asarray([day_number("2003-09-08")]))
    assert np.array_equal(predicted[0], bank.values[row_of(bank, "2003-08-25")])


def test_weekday_mean_is_the_plain_mean_of_four_weeks(bank):
    history = bank.head(row_of(bank, "2003-10-24"))
    predicted = weekday_mean(history, np.asarray([day_number("2003-10-24")]))
    fridays = [row_of(bank, d) for d in ("2003-09-26", "2003-10-03", "2003-10-10", "2003-10-17")]
    assert np.allclose(predicted[0], bank.values[fridays].mean(axis=0))
