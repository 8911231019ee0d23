"""Forecast the next days with prediction intervals, choosing the method by backtest.

The choice and the intervals come from one inner rolling-origin backtest over the most recent
history: each candidate forecasts the last ``calibration_days`` days from their own past, the
one with the lowest RMSE wins, and its errors there give the interval widths. Errors are
standardised by the square root of the forecast (arrivals are roughly Poisson, so the spread
grows like √λ) and their empirical quantiles are used per lead, which also captures the
extra-Poisson day-to-day error without assuming its shape.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from frontline.wfm.forecast.backtest import BacktestRows, run_backtest
from frontline.wfm.forecast.baselines import Method, seasonal_naive, weekday_mean
from frontline.wfm.forecast.grid import DayGrid, FloatArray, IntArray
from frontline.wfm.forecast.profile import ProfileMethod

METHODS: dict[str, Method] = {
    "seasonal_naive": seasonal_naive,
    "weekday_mean": weekday_mean,
    "profile": ProfileMethod(),
}
AUTO = "auto"
#: Longest lead (in open days) with its own interval calibration; later leads reuse it.
MAX_CALIBRATED_LEAD = 5


@dataclass(frozen=True)
class Forecast:
    """Interval forecasts for ``days`` (rows) × daily window (columns), with bounds."""

    days: IntArray
    mean: FloatArray
    lower: FloatArray
    upper: FloatArray
    method: str
    level: float


def _standardised(rows: BacktestRows) -> FloatArray:
    return np.asarray((rows.actual - rows.forecast) / np.sqrt(np.maximum(rows.forecast, 1.0)))


def _rmse(rows: BacktestRows | None) -> float:
    if rows is None or len(rows.days) == 0:
        return float("inf")
    return float(np.sqrt(np.mean((rows.actual - rows.forecast) ** 2)))


def _bounds(
    mean: FloatArray, rows: BacktestRows | None, level: float
) -> tuple[FloatArray, FloatArray]:
    """Per lead, empirical quantiles of standardised errors; Poisson when nothing to learn from."""
    tail = (1 - level) / 2
    lower = np.empty_like(mean)
    upper = np.empty_like(mean)
    root = np.sqrt(np.maximum(mean, 1.0))
    for lead in range(1, len(mean) + 1):
        usable = lead
        while rows is not None and usable > 1 and not (rows.leads == usable).any():
            usable -= 1
        errors = _standardised(rows)[rows.leads == usable] if rows is not None else np.empty(0)
        if errors.size >= 20:
            low, high = np.quantile(errors, [tail, 1 - tail])
        else:
            high = float(norm.ppf(1 - tail))
            low = -high
        lower[lead - 1] = np.maximum(mean[lead - 1] + low * root[lead - 1], 0.0)
        upper[lead - 1] = np.maximum(mean[lead - 1] + high * root[lead - 1], lower[lead - 1])
    return lower, upper


def forecast_days(
    grid: DayGrid,
    targets: IntArray,
    method: str = AUTO,
    level: float = 0.9,
    calibration_days: int = 20,
) -> Forecast:
    """Forecast ``targets`` (open days after the history) with ``level`` prediction intervals."""
    if method != AUTO and method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose from {', '.join([AUTO, *METHODS])}")
    if not 0 < level < 1:
        raise ValueError("the prediction-interval level must lie strictly between 0 and 1")
    targets = np.asarray(targets, dtype=np.int64)
    n = len(grid.days)
    lead = min(len(targets), MAX_CALIBRATED_LEAD)
    first = max(1, n - calibration_days - lead + 1)
    candidates = list(METHODS) if method == AUTO else [method]
    inner = {
        name: run_backtest(grid, METHODS[name], range(first, n), max_lead=lead) if n > 1 else None
        for name in candidates
    }
    chosen = min(candidates, key=lambda name: _rmse(inner[name]))
    mean = METHODS[chosen](grid, targets)
    lower, upper = _bounds(mean, inner[chosen], level)
    return Forecast(targets, mean, lower, upper, chosen, level)
