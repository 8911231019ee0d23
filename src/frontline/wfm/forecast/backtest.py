"""Rolling-origin backtests and the error measures planners compare methods by.

A backtest replays history: at each origin the method sees only the days before it and
forecasts the next days, exactly as it would have in production. Holidays are the one thing
a method may know ahead (they are planned), so the closures of the whole span are passed on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from frontline.wfm.forecast.baselines import Method, same_weekday_rows
from frontline.wfm.forecast.grid import DayGrid, FloatArray, IntArray


def known_closures(grid: DayGrid) -> frozenset[int]:
    """Normally open weekdays missing inside the history span (holidays, outages)."""
    if len(grid.days) == 0:
        return grid.closed
    span = np.arange(int(grid.days[0]), int(grid.days[-1]) + 1)
    return grid.closed | frozenset(int(d) for d in span if grid.is_closed(int(d)))


@dataclass(frozen=True)
class BacktestRows:
    """One row per forecast day: its lead (1 = day-ahead), actual and forecast intervals."""

    days: IntArray
    leads: IntArray
    actual: FloatArray
    forecast: FloatArray


def run_backtest(
    grid: DayGrid, method: Method, origins: Iterable[int], max_lead: int = 1
) -> BacktestRows:
    """Forecast ``days[o : o + max_lead]`` from the first ``o`` days, for every origin ``o``."""
    planned = grid.with_closed(known_closures(grid))
    n = len(grid.days)
    days: list[int] = []
    leads: list[int] = []
    actual: list[FloatArray] = []
    forecast: list[FloatArray] = []
    for origin in origins:
        targets = np.arange(origin, min(origin + max_lead, n))
        if origin < 1 or len(targets) == 0:
            continue
        predicted = method(planned.head(origin), grid.days[targets])
        days.extend(int(d) for d in grid.days[targets])
        leads.extend(range(1, len(targets) + 1))
        actual.extend(grid.values[targets])
        forecast.extend(predicted)
    slots = grid.slots
    return BacktestRows(
        np.asarray(days, dtype=np.int64),
        np.asarray(leads, dtype=np.int64),
        np.asarray(actual, dtype=np.float64).reshape(-1, slots),
        np.asarray(forecast, dtype=np.float64).reshape(-1, slots),
    )


@dataclass(frozen=True)
class Accuracy:
    """MAPE in percent (intervals with zero actuals skipped), RMSE in contacts, MASE."""

    mape: float
    rmse: float
    mase: float


def naive_scale(grid: DayGrid, before: int) -> float:
    """Mean absolute error of the seasonal naive method inside the first ``before`` days.

    MASE divides by this (Hyndman & Koehler 2006), so 1.0 means "as good as last week's
    value was on the history". Fixed once per backtest so all methods share the scale.
    """
    errors: list[FloatArray] = []
    weekdays = grid.weekdays
    for row in range(1, min(before, len(grid.days))):
        head = grid.head(row)
        if not (head.weekdays == weekdays[row]).any():
            continue
        previous = same_weekday_rows(head, int(weekdays[row]), 1)[0]
        errors.append(np.abs(grid.values[row] - grid.values[previous]))
    return float(np.mean(errors)) if errors else float("nan")


def accuracy(actual: FloatArray, forecast: FloatArray, scale: float) -> Accuracy:
    """Error measures over every interval of every forecast day."""
    error = forecast - actual
    positive = actual > 0
    mape = (
        float(np.mean(np.abs(error[positive]) / actual[positive]) * 100)
        if positive.any()
        else float("nan")
    )
    mae = float(np.mean(np.abs(error)))
    return Accuracy(
        mape, float(np.sqrt(np.mean(error**2))), mae / scale if scale > 0 else float("nan")
    )
