"""The two benchmarks every planner knows, as forecasting methods.

A method takes the history grid and the day numbers to forecast (all after the history) and
returns one row of interval forecasts per target day. Seasons are calendar weekdays, not
"n rows back": a holiday missing from the history must not shift Tuesday onto Wednesday.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from frontline.wfm.forecast.grid import DayGrid, FloatArray, IntArray, weekday_of

Method = Callable[[DayGrid, IntArray], FloatArray]


def same_weekday_rows(grid: DayGrid, weekday: int, last: int) -> IntArray:
    """Indices of the ``last`` most recent history days falling on ``weekday``."""
    rows = np.flatnonzero(grid.weekdays == weekday)
    return rows[-last:] if len(rows) else np.arange(len(grid.days))[-last:]


def seasonal_naive(grid: DayGrid, targets: IntArray) -> FloatArray:
    """Same interval on the most recent same weekday ("last week", skipping holidays)."""
    rows = [same_weekday_rows(grid, int(w), 1)[0] for w in weekday_of(targets)]
    return grid.values[rows].astype(np.float64)


def weekday_mean(grid: DayGrid, targets: IntArray, weeks: int = 4) -> FloatArray:
    """Plain mean of the last ``weeks`` same weekdays: the planner's spreadsheet forecast."""
    return np.stack(
        [
            grid.values[same_weekday_rows(grid, int(w), weeks)].mean(axis=0)
            for w in weekday_of(targets)
        ]
    )
