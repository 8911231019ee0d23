"""The day-ahead accuracy table: every method, rolling origin over the last days of history.

This is the table ``frontline forecast backtest`` prints and the benchmark page reports, so
both come from this one function. Each method runs exactly as ``forecast_days`` would run it
in production at that origin, prediction intervals included, which is what makes the interval
coverage figure honest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from frontline.wfm.forecast.backtest import Accuracy, accuracy, known_closures, naive_scale
from frontline.wfm.forecast.forecaster import AUTO, METHODS, calibrate, forecast_days
from frontline.wfm.forecast.grid import DayGrid, FloatArray


@dataclass(frozen=True)
class MethodScore:
    """Accuracy of one method over the test days, and how often actuals fell in its interval."""

    name: str
    accuracy: Accuracy
    coverage: float


@dataclass(frozen=True)
class Evaluation:
    """Scores per method, the test window, and which method ``auto`` picked how often."""

    scores: list[MethodScore]
    test_days: int
    level: float
    auto_choices: dict[str, int]


def evaluate(
    grid: DayGrid,
    test_days: int = 40,
    level: float = 0.9,
    methods: list[str] | None = None,
    calibration_days: int = 40,
) -> Evaluation:
    """Day-ahead rolling-origin backtest of ``methods`` (default: all, then ``auto``)."""
    names = methods or [*METHODS, AUTO]
    n = len(grid.days)
    if not 0 < test_days < n:
        raise ValueError(
            f"a backtest over {test_days} days needs more than {test_days} days of history"
        )
    planned = grid.with_closed(known_closures(grid))
    start = n - test_days
    actual = grid.values[start:]
    means: dict[str, list[FloatArray]] = {name: [] for name in names}
    inside: dict[str, list[FloatArray]] = {name: [] for name in names}
    choices: dict[str, int] = {}
    for origin in range(start, n):
        head = planned.head(origin)
        inner = calibrate(head, list(METHODS), 1, calibration_days)
        for name in names:
            target = grid.days[origin : origin + 1]
            result = forecast_days(head, target, name, level, calibration=inner)
            truth = grid.values[origin]
            means[name].append(result.mean[0])
            inside[name].append((result.lower[0] <= truth) & (truth <= result.upper[0]))
            if name == AUTO:
                choices[result.methods[0]] = choices.get(result.methods[0], 0) + 1
    scale = naive_scale(grid, start)
    scores = [
        MethodScore(
            name, accuracy(actual, np.asarray(means[name]), scale), float(np.mean(inside[name]))
        )
        for name in names
    ]
    return Evaluation(scores, test_days, level, choices)
