"""Intraday re-forecasting: let the morning's actuals correct the rest of the day.

Most of a day-ahead error is in the day's total, not its shape (on the bank data, knowing the
true total cuts interval RMSE by a third), and a busy morning usually means a busy afternoon.
So the rest of the day is scaled by the ratio of actual to forecast so far, shrunk toward 1
while little of the day has been seen: the weight is ``seen / (seen + prior_share)`` where
``seen`` is the share of the day's forecast volume already past.
"""

from __future__ import annotations

import numpy as np

from frontline.wfm.forecast.grid import FloatArray

#: Chosen on the bank data before the accuracy window (see ``bench_forecast.py --tune``).
DEFAULT_PRIOR_SHARE = 0.3


def intraday_factor(
    day_forecast: FloatArray, actual_so_far: FloatArray, prior_share: float = DEFAULT_PRIOR_SHARE
) -> float:
    """The multiplier for the rest of the day given the first ``len(actual_so_far)`` intervals."""
    seen = len(actual_so_far)
    if seen == 0:
        return 1.0
    if seen > len(day_forecast):
        raise ValueError("more actuals than intervals in the day")
    expected = float(np.sum(day_forecast[:seen]))
    total = float(np.sum(day_forecast))
    if expected <= 0 or total <= 0:
        return 1.0
    ratio = float(np.sum(actual_so_far)) / expected
    share = expected / total
    weight = share / (share + prior_share)
    return 1.0 + weight * (ratio - 1.0)


def reforecast_rest_of_day(
    day_forecast: FloatArray, actual_so_far: FloatArray, prior_share: float = DEFAULT_PRIOR_SHARE
) -> FloatArray:
    """Forecast of the intervals after the observed ones, corrected by the morning's actuals."""
    factor = intraday_factor(day_forecast, actual_so_far, prior_share)
    return np.asarray(day_forecast[len(actual_so_far) :] * factor, dtype=np.float64)
