"""Method choice by inner backtest, and prediction intervals that behave."""

from __future__ import annotations

import numpy as np
import pytest

from frontline.wfm.forecast import AUTO, METHODS, DayGrid, forecast_days, run_backtest

from .conftest import day_number

MONDAY = day_number("2024-01-01")


def test_auto_picks_the_profile_method_a_day_ahead_on_bank_data(bank):
    result = forecast_days(bank, np.asarray(bank.next_open_days(1)), AUTO, level=0.9)
    assert result.methods == ("profile",)
    assert result.mean.shape == (1, 28)
    assert np.all(result.lower <= result.mean) and np.all(result.mean <= result.upper)
    assert np.all(result.lower >= 0)


def test_each_lead_gets_the_method_with_the_lowest_inner_backtest_rmse(bank):
    history = bank.head(130)
    targets = np.asarray(bank.days[130:135])
    result = forecast_days(history, targets, AUTO)
    for lead, chosen in enumerate(result.methods, start=1):
        errors = {}
        for name, method in METHODS.items():
            rows = run_backtest(history, method, range(130 - 40 - 5 + 1, 130), max_lead=5)
            at = rows.leads == lead
            errors[name] = np.sqrt(np.mean((rows.actual[at] - rows.forecast[at]) ** 2))
        assert chosen == min(errors, key=errors.__getitem__)


def test_wider_level_gives_wider_intervals(bank):
    targets = np.asarray(bank.next_open_days(1))
    narrow = forecast_days(bank, targets, "profile", level=0.5)
    wide = forecast_days(bank, targets, "profile", level=0.95)
    assert np.all(wide.upper - wide.lower > narrow.upper - narrow.lower)


def test_auto_avoids_the_profile_method_when_weekdays_repeat_exactly():
    rng = np.random.default_rng(7)
    shapes = rng.uniform(10, 100, size=(5, 6))  # unrelated shapes: shrinking them is wrong
    days = np.asarray([MONDAY + 7 * w + d for w in range(12) for d in range(5)], dtype=np.int64)
    values = np.asarray([shapes[(int(d) - MONDAY) % 7] for d in days])
    grid = DayGrid(days, values, 480, 60)
    result = forecast_days(grid, np.asarray(grid.next_open_days(5)), AUTO)
    assert "profile" not in result.methods
    assert np.allclose(result.mean, shapes)


def test_short_history_falls_back_to_poisson_intervals():
    days = np.asarray([MONDAY, MONDAY + 1], dtype=np.int64)
    grid = DayGrid(days, np.array([[100.0, 400.0], [100.0, 400.0]]), 480, 60)
    result = forecast_days(grid, np.asarray([MONDAY + 7]), "weekday_mean", level=0.95)
    assert np.allclose(result.upper[0] - result.mean[0], 1.959964 * np.sqrt([100.0, 400.0]))


@pytest.mark.parametrize(("method", "level"), [("nope", 0.9), ("profile", 1.0)])
def test_bad_settings_are_refused(bank, method, level):
    with pytest.raises(ValueError):
        forecast_days(bank, np.asarray(bank.next_open_days(1)), method, level)


def test_combined_is_the_mean_of_profile_and_four_week_mean(bank):
    targets = np.asarray(bank.next_open_days(2))
    expected = (METHODS["profile"](bank, targets) + METHODS["weekday_mean"](bank, targets)) / 2
    assert np.allclose(METHODS["combined"](bank, targets), expected)
