"""Intraday scaling rules and the end-to-end forecast use case."""

from __future__ import annotations

import numpy as np
import pytest

from frontline.wfm.forecast import (
    SeriesError,
    build_history,
    forecast_history,
    intraday_factor,
    reforecast_rest_of_day,
)

from .conftest import day_number

FORECAST = np.array([100.0, 100.0, 100.0, 100.0])


def test_no_actuals_no_change():
    assert intraday_factor(FORECAST, np.empty(0)) == 1.0


def test_ratio_is_shrunk_by_the_share_of_day_seen():
    # half the day seen at 1.2× forecast, prior share 0.5: weight 0.5/(0.5+0.5) = 0.5
    factor = intraday_factor(FORECAST, np.array([120.0, 120.0]), prior_share=0.5)
    assert factor == pytest.approx(1.1)
    rest = reforecast_rest_of_day(FORECAST, np.array([120.0, 120.0]), prior_share=0.5)
    assert np.allclose(rest, [110.0, 110.0])


def test_more_actuals_than_intervals_is_an_error():
    with pytest.raises(ValueError, match="more actuals"):
        intraday_factor(FORECAST, np.ones(5))


def test_horizon_longer_than_history_is_refused(bank_history):
    with pytest.raises(SeriesError, match="164 complete days of history allow at most 164"):
        forecast_history(bank_history, 165)


def test_forecast_covers_next_open_days_and_skips_a_declared_holiday(bank_history):
    result = forecast_history(bank_history, 2, closed=[day_number("2003-10-27")])
    first = day_number("2003-10-28") * 1440 + 7 * 60
    assert result.minutes[0] == first
    assert result.minutes[28] == first + 1440
    assert len(result.mean) == 56 and result.intraday_factor is None


def test_unfinished_day_is_reforecast_from_its_morning(bank_raw):
    minutes, counts = bank_raw
    cut = 163 * 169 + 6 * 12  # last day up to 13:00
    full = forecast_history(
        build_history(minutes[: 163 * 169], counts[: 163 * 169], 30), 1, method="profile"
    )
    partial = build_history(minutes[:cut], counts[:cut], 30)
    result = forecast_history(partial, 1, method="profile")
    assert result.minutes[0] == day_number("2003-10-24") * 1440 + 13 * 60
    assert len(result.mean) == 16 + 28  # rest of Friday, then Monday
    expected = intraday_factor(full.mean[:28], partial.today_values)
    assert result.intraday_factor == pytest.approx(expected)
    assert np.allclose(result.mean[:16], full.mean[12:28] * expected)
