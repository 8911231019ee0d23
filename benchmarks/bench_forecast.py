"""Forecast accuracy on real bank arrivals: Frontline's methods beside statsmodels Holt-Winters.

Day-ahead, 30-minute intervals 07:00–21:00, rolling origin over the last 40 days of
``bank_calls.csv`` (Weinberg, Brown & Stroud 2007). Prints the same table as
``frontline forecast backtest``, then the peer (statsmodels ``ExponentialSmoothing``, additive
weekly season of 5 × 28 half-hours, refitted at every origin on the weekday series as a
series-based tool sees it), the RMSE and run-time ratios, interval coverage and the intraday
re-forecast gain. ``--tune`` reruns the grid search that chose the defaults, on the 60 days
*before* the test window, so the test window stays out of sample.

    benchmarks/run.sh bench_forecast.py [--tune]
"""

from __future__ import annotations

import argparse
import itertools
import time
import warnings
from pathlib import Path

import numpy as np

from frontline.adapters.timeseries_csv import load_history, read_counts
from frontline.wfm.forecast import (
    METHODS,
    DayGrid,
    ProfileMethod,
    ProfileSettings,
    accuracy,
    evaluate,
    format_table,
    reforecast_rest_of_day,
    run_backtest,
)
from frontline.wfm.forecast.backtest import naive_scale

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "bank_calls.csv"
DATA = SHARED if SHARED.exists() else ROOT / "datasets" / "bank_calls.csv"
TEST_DAYS = 40


def load() -> DayGrid:
    raw = read_counts(DATA, "DateTime", "Calls")
    return load_history(raw, 30, DATA).grid


def rmse(rows_actual: np.ndarray, rows_forecast: np.ndarray) -> float:
    return float(np.sqrt(np.mean((rows_actual - rows_forecast) ** 2)))


def holt_winters(grid: DayGrid) -> tuple[np.ndarray, float]:
    """Peer forecasts for the test days, and the seconds spent fitting and forecasting."""
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    n, slots = grid.values.shape
    season = slots * len(grid.open_weekdays())
    forecasts = []
    started = time.perf_counter()
    for origin in range(n - TEST_DAYS, n):
        series = grid.values[:origin].ravel()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = ExponentialSmoothing(
                series, seasonal="add", seasonal_periods=season, initialization_method="estimated"
            ).fit()
        forecasts.append(np.maximum(model.forecast(slots), 0.0))
    return np.asarray(forecasts), time.perf_counter() - started


def lag_rows_naive(grid: DayGrid) -> float:
    """RMSE of "5 rows back" (ignores holidays), the spreadsheet reading of "last week"."""
    n = len(grid.days)
    errors = [grid.values[i - 5] - grid.values[i] for i in range(n - TEST_DAYS, n)]
    return float(np.sqrt(np.mean(np.square(errors))))


def intraday_gain(grid: DayGrid) -> list[str]:
    n = len(grid.days)
    rows = run_backtest(grid, ProfileMethod(), range(n - TEST_DAYS, n))
    lines = []
    for seen, clock in ((2, "08:00"), (6, "10:00"), (12, "13:00")):
        before = rmse(rows.actual[:, seen:], rows.forecast[:, seen:])
        fixed = [
            reforecast_rest_of_day(f, a[:seen])
            for a, f in zip(rows.actual, rows.forecast, strict=True)
        ]
        after = rmse(rows.actual[:, seen:], np.asarray(fixed))
        change = after / before - 1
        lines.append(
            f"  after {clock}: rest-of-day RMSE {before:7.2f} -> {after:7.2f} ({change:+.1%})"
        )
    return lines


def by_lead(grid: DayGrid) -> list[str]:
    """RMSE per lead (1–5 open days ahead) over origins in the test window."""
    n = len(grid.days)
    lines = [f"  {'method':<16}" + "".join(f"{f'lead {lead}':>9}" for lead in range(1, 6))]
    for name, method in METHODS.items():
        rows = run_backtest(grid, method, range(n - TEST_DAYS, n), max_lead=5)
        cells = []
        for lead in range(1, 6):
            at = rows.leads == lead
            cells.append(f"{rmse(rows.actual[at], rows.forecast[at]):9.2f}")
        lines.append(f"  {name:<16}" + "".join(cells))
    return lines


def tune(grid: DayGrid) -> None:
    """Grid search of the profile settings on the 60 days before the test window."""
    n = len(grid.days)
    early = grid.head(n - TEST_DAYS)
    origins = range(n - TEST_DAYS - 60, n - TEST_DAYS)
    results = []
    for alpha, span, weeks, weight, prior in itertools.product(
        [0.3, 0.5, 0.6, 0.7, 0.8, 0.9], [60, 100, 150], [4, 8, 12], [0.3, 0.6, 1.0], [1.0, 2.0, 4.0]
    ):
        settings = ProfileSettings(alpha, span, weeks, weight, prior)
        rows = run_backtest(early, ProfileMethod(settings), origins)
        results.append((rmse(rows.actual, rows.forecast), settings))
    results.sort(key=lambda item: item[0])
    print("profile settings, RMSE on the 60 days before the test window (best 5):")
    for score, settings in results[:5]:
        print(f"  {score:7.2f}  {settings}")
    rows = run_backtest(early, ProfileMethod(), origins)
    print("intraday prior share: rest-of-day RMSE after 08:00, 10:00, 13:00, and their mean:")
    for prior in (0.05, 0.1, 0.2, 0.3, 0.4, 0.6, 1.0):
        scores = []
        for seen in (2, 6, 12):
            fixed = [
                reforecast_rest_of_day(f, a[:seen], prior)
                for a, f in zip(rows.actual, rows.forecast, strict=True)
            ]
            scores.append(rmse(rows.actual[:, seen:], np.asarray(fixed)))
        cells = "  ".join(f"{score:7.2f}" for score in scores)
        print(f"  {prior:5.2f}  {cells}  mean {np.mean(scores):7.2f}")
    print("calibration days for auto and intervals (RMSE, 90% coverage) on the same 60 days:")
    for days in (10, 20, 40, 60):
        score = evaluate(early, 60, 0.9, ["auto"], calibration_days=days).scores[0]
        print(f"  {days:3d}  {score.accuracy.rmse:7.2f}  {score.coverage:.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="rerun the tuning grid search")
    args = parser.parse_args()
    grid = load()
    shape = f"{len(grid.days)} days x {grid.slots} half-hours"
    print(f"data: {DATA.name}, {shape}; test: last {TEST_DAYS} days")
    if args.tune:
        tune(grid)
        return
    started = time.perf_counter()
    table = evaluate(grid, TEST_DAYS, 0.9)
    ours_seconds = time.perf_counter() - started
    print(format_table(table))
    print(f"auto picked: {table.auto_choices}")
    at80 = evaluate(grid, TEST_DAYS, 0.8, ["profile"]).scores[0].coverage
    print(f"profile 80% interval coverage: {at80:.1%}")
    lagged = lag_rows_naive(grid)
    print(f"reference: seasonal naive as '5 rows back' (holidays shift it): RMSE {lagged:.2f}")
    print("RMSE by lead (origins in the test window, later leads fall on fewer days):")
    print("\n".join(by_lead(grid)))
    print("intraday re-forecast of the profile method (day-ahead -> corrected by the morning):")
    print("\n".join(intraday_gain(grid)))

    n = len(grid.days)
    peer, peer_seconds = holt_winters(grid)
    actual = grid.values[n - TEST_DAYS :]
    peer_acc = accuracy(actual, peer, naive_scale(grid, n - TEST_DAYS))
    ours = {score.name: score.accuracy for score in table.scores}["auto"]
    print(
        f"peer statsmodels Holt-Winters (weekly season): MAPE {peer_acc.mape:.2f}  "
        f"RMSE {peer_acc.rmse:.2f}  MASE {peer_acc.mase:.3f}  ({peer_seconds:.1f} s for 40 fits)"
    )
    print(f"ratio RMSE frontline auto / peer: {ours.rmse / peer_acc.rmse:.3f}")
    print(
        f"ratio time frontline (all 5 methods, intervals included) / peer: "
        f"{ours_seconds:.1f} s / {peer_seconds:.1f} s = {ours_seconds / peer_seconds:.3f}"
    )


if __name__ == "__main__":
    main()
