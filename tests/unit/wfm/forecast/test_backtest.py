"""Error measures on hand-computed cases, and backtests that never look ahead."""

from __future__ import annotations

import numpy as np
import pytest

from frontline.wfm.forecast import DayGrid, accuracy, run_backtest
from frontline.wfm.forecast.backtest import naive_scale
from frontline.wfm.forecast.grid import FloatArray, IntArray

from .conftest import day_number


def test_measures_on_a_worked_example():
    actual = np.array([[100.0, 200.0], [0.0, 50.0]])
    forecast = np.array([[110.0, 180.0], [5.0, 50.0]])
    result = accuracy(actual, forecast, scale=10.0)
    # MAPE skips the zero actual: (10/100 + 20/200 + 0/50) / 3
    assert result.mape == pytest.approx(100 * 0.2 / 3)
    assert result.rmse == pytest.approx(np.sqrt((100 + 400 + 25 + 0) / 4))
    assert result.mase == pytest.approx((10 + 20 + 5 + 0) / 4 / 10)


def test_naive_scale_is_the_mean_weekly_change():
    monday = day_number("2024-01-01")
    days = np.asarray([monday, monday + 1, monday + 7, monday + 8], dtype=np.int64)
    values = np.array([[10.0], [20.0], [13.0], [16.0]])
    grid = DayGrid(days, values, 0, 60)
    assert naive_scale(grid, 4) == pytest.approx((3 + 4) / 2)


class RecordingMethod:
    """A fake method that remembers what history it was shown and forecasts its last day."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, list[int]]] = []

    def __call__(self, grid: DayGrid, targets: IntArray) -> FloatArray:
        self.seen.append((int(grid.days[-1]), [int(t) for t in targets]))
        return np.repeat(grid.values[-1:], len(targets), axis=0)


def test_each_origin_sees_only_earlier_days(bank):
    method = RecordingMethod()
    rows = run_backtest(bank, method, range(100, 110), max_lead=3)
    for last_seen, targets in method.seen:
        assert all(t > last_seen for t in targets)
    assert len(rows.days) == 30
    assert list(rows.leads[:3]) == [1, 2, 3]
    assert np.array_equal(rows.actual[0], bank.values[100])
    assert np.array_equal(rows.forecast[0], bank.values[99])
