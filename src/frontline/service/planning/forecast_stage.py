"""Stage 1: the forecast per interval for the plan's horizon, from a validated history.

A plan covers whole open days, so a history whose last day stops part-way is planned from the
next open day on (the intraday re-forecast of the rest of today is `frontline forecast`'s job).
A horizon in weeks becomes the open days within that many calendar weeks: for the bank, whose
history shows weekdays only, one week is five days.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from frontline.service.planning.calendar import MINUTES_PER_DAY, PlanCalendar
from frontline.service.planning.errors import PlanningError
from frontline.wfm.forecast import AUTO, History, SeriesError, forecast_history, weekday_of
from frontline.wfm.forecast.grid import FloatArray


@dataclass(frozen=True)
class ForecastStage:
    """Contacts expected per forecast row, with the prediction interval and the method used."""

    calendar: PlanCalendar
    mean: FloatArray
    lower: FloatArray
    upper: FloatArray
    method: str


def open_days_in_weeks(history: History, weeks: int) -> int:
    """How many open days ``weeks`` calendar weeks after the history hold."""
    if weeks < 1:
        raise PlanningError("the horizon must be at least one week (or give it in days)")
    grid = history.grid
    open_weekdays = grid.open_weekdays()
    last = int(grid.days[-1])
    ahead = np.arange(last + 1, last + 1 + 7 * weeks, dtype=np.int64)
    return int(sum(1 for w in weekday_of(ahead) if int(w) in open_weekdays))


def forecast_stage(history: History, horizon_days: int, method: str = AUTO) -> ForecastStage:
    """Forecast ``horizon_days`` whole open days after the history's last complete day."""
    whole_days = History(history.grid)
    try:
        result = forecast_history(whole_days, horizon_days, method)
    except (SeriesError, ValueError) as exc:
        raise PlanningError(str(exc)) from None
    grid = history.grid
    slots = grid.slots
    days = tuple(int(m) // MINUTES_PER_DAY for m in result.minutes[::slots])
    calendar = PlanCalendar(days, grid.first_minute, slots, grid.interval_minutes)
    return ForecastStage(calendar, result.mean, result.lower, result.upper, result.method)
