"""From a validated history to the interval rows a planner staffs against.

This is the whole ``frontline forecast`` use case without I/O: check the horizon against the
history, pick the next open days (skipping weekdays the history never shows, such as weekends,
and declared holidays), forecast them, and, when the history stops part-way through a day,
re-forecast the rest of that day from its morning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from frontline.wfm.forecast.forecaster import AUTO, forecast_days
from frontline.wfm.forecast.grid import FloatArray, IntArray
from frontline.wfm.forecast.intraday import intraday_factor
from frontline.wfm.forecast.series import MINUTES_PER_DAY, History, SeriesError


@dataclass(frozen=True)
class IntervalForecast:
    """Flat rows: interval start (local minutes since 1970-01-01), forecast and bounds."""

    minutes: IntArray
    mean: FloatArray
    lower: FloatArray
    upper: FloatArray
    method: str
    intraday_factor: float | None


def check_horizon(history: History, horizon_days: int) -> None:
    """A forecast may reach no further ahead than the history reaches back."""
    have = len(history.grid.days)
    if horizon_days < 1:
        raise SeriesError("the horizon must be at least one day")
    if horizon_days > have:
        raise SeriesError(
            f"a horizon of {horizon_days} days is longer than the history supports: "
            f"{have} complete days of history allow at most {have} days ahead"
        )


def forecast_history(
    history: History,
    horizon_days: int,
    method: str = AUTO,
    level: float = 0.9,
    closed: Iterable[int] = (),
) -> IntervalForecast:
    """Forecast the rest of an unfinished last day (if any) and the next ``horizon_days``."""
    check_horizon(history, horizon_days)
    grid = history.grid.with_closed(closed)
    targets = grid.next_open_days(horizon_days, after=history.today)
    if history.today is not None:
        targets = [history.today, *targets]
    result = forecast_days(grid, np.asarray(targets, dtype=np.int64), method, level)
    mean, lower, upper = result.mean.copy(), result.lower.copy(), result.upper.copy()
    factor: float | None = None
    skip = 0
    if history.today is not None and history.today_values is not None:
        skip = len(history.today_values)
        factor = intraday_factor(mean[0], history.today_values)
        for rows in (mean, lower, upper):
            rows[0] *= factor
    starts = (
        np.asarray(targets, dtype=np.int64)[:, None] * MINUTES_PER_DAY
        + grid.first_minute
        + np.arange(grid.slots)[None, :] * grid.interval_minutes
    )
    keep = np.ones(starts.shape, dtype=bool)
    keep[0, :skip] = False
    return IntervalForecast(
        starts[keep], mean[keep], lower[keep], upper[keep], result.method, factor
    )
