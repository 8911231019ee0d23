"""Forecast the next days with prediction intervals, choosing the method by backtest.

The choice and the intervals come from one inner rolling-origin backtest over the most recent
history: each candidate forecasts the last ``calibration_days`` days from their own past at
every lead up to the horizon; per lead the one with the lowest RMSE wins (a method strong a day
ahead may be weak a week ahead), and its errors at that lead give the interval widths. Errors are
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

_PROFILE = ProfileMethod()


def combined(grid: DayGrid, targets: IntArray) -> FloatArray:
    """Equal-weight mean of the profile method and the 4-week mean.

    The profile method leans on yesterday and wins a day ahead; the 4-week mean is steadier and
    wins further out (as Taylor 2008 found); their average beats both two and three days out.
    """
    return np.asarray(0.5 * _PROFILE(grid, targets) + 0.5 * weekday_mean(grid, targets))


METHODS: dict[str, Method] = {
    "seasonal_naive": seasonal_naive,
    "weekday_mean": weekday_mean,
    "profile": _PROFILE,
    "combined": combined,
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
    methods: tuple[str, ...]
    level: float

    @property
    def method(self) -> str:
        """The chosen methods in lead order, e.g. ``profile then combined``."""
        return " then ".join(dict.fromkeys(self.methods))


def _at_lead(rows: BacktestRows | None, lead: int) -> BacktestRows | None:
    """The backtest rows of ``lead``, or of the longest shorter lead the history allowed."""
    if rows is None:
        return None
    while lead > 1 and not (rows.leads == lead).any():
        lead -= 1
    keep = rows.leads == lead
    return BacktestRows(rows.days[keep], rows.leads[keep], rows.actual[keep], rows.forecast[keep])


def _rmse(rows: BacktestRows | None) -> float:
    if rows is None or len(rows.days) == 0:
        return float("inf")
    return float(np.sqrt(np.mean((rows.actual - rows.forecast) ** 2)))


def _bounds(
    mean: FloatArray, rows: BacktestRows | None, level: float
) -> tuple[FloatArray, FloatArray]:
    """Empirical quantiles of standardised errors; Poisson when there is too little to learn."""
    tail = (1 - level) / 2
    errors = np.empty(0)
    if rows is not None:
        errors = ((rows.actual - rows.forecast) / np.sqrt(np.maximum(rows.forecast, 1.0))).ravel()
    if errors.size >= 20:
        low, high = (float(q) for q in np.quantile(errors, [tail, 1 - tail]))
    else:
        high = float(norm.ppf(1 - tail))
        low = -high
    root = np.sqrt(np.maximum(mean, 1.0))
    lower = np.maximum(mean + low * root, 0.0)
    return lower, np.maximum(mean + high * root, lower)


def calibrate(
    grid: DayGrid, candidates: list[str], longest: int, calibration_days: int = 40
) -> dict[str, BacktestRows | None]:
    """Inner backtest of each candidate over the last ``calibration_days`` origins."""
    n = len(grid.days)
    first = max(1, n - calibration_days - longest + 1)
    return {
        name: run_backtest(grid, METHODS[name], range(first, n), longest) if n > 1 else None
        for name in candidates
    }


def forecast_days(
    grid: DayGrid,
    targets: IntArray,
    method: str = AUTO,
    level: float = 0.9,
    calibration_days: int = 40,
    calibration: dict[str, BacktestRows | None] | None = None,
) -> Forecast:
    """Forecast ``targets`` (open days after the history) with ``level`` prediction intervals.

    ``calibration`` may pass in ``calibrate``'s result when several methods are forecast
    from the same history (the accuracy table does), so the inner backtests run once.
    """
    if method != AUTO and method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose from {', '.join([AUTO, *METHODS])}")
    if not 0 < level < 1:
        raise ValueError("the prediction-interval level must lie strictly between 0 and 1")
    targets = np.asarray(targets, dtype=np.int64)
    longest = min(len(targets), MAX_CALIBRATED_LEAD)
    candidates = list(METHODS) if method == AUTO else [method]
    inner = calibration or calibrate(grid, candidates, longest, calibration_days)
    forecasts: dict[str, FloatArray] = {}
    mean = np.empty((len(targets), grid.slots))
    lower, upper = np.empty_like(mean), np.empty_like(mean)
    chosen: list[str] = []
    for row in range(len(targets)):
        lead = min(row + 1, longest)
        name = min(candidates, key=lambda c: _rmse(_at_lead(inner[c], lead)))
        if name not in forecasts:
            forecasts[name] = METHODS[name](grid, targets)
        mean[row] = forecasts[name][row]
        lower[row], upper[row] = _bounds(mean[row], _at_lead(inner[name], lead), level)
        chosen.append(name)
    return Forecast(targets, mean, lower, upper, tuple(chosen), level)
