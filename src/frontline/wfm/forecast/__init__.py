"""Forecasting contact arrivals per interval: baselines, the profile method, backtests.

Pure numerics on a day × interval grid; reading files and printing live in the adapters and
the CLI. Start with ``build_history`` (validation and bucketing) and ``forecast_history``.
"""

from frontline.wfm.forecast.backtest import Accuracy, BacktestRows, accuracy, run_backtest
from frontline.wfm.forecast.baselines import Method, seasonal_naive, weekday_mean
from frontline.wfm.forecast.evaluation import Evaluation, MethodScore, evaluate
from frontline.wfm.forecast.forecaster import AUTO, METHODS, Forecast, forecast_days
from frontline.wfm.forecast.grid import DayGrid, days_since_closure, weekday_of
from frontline.wfm.forecast.intraday import intraday_factor, reforecast_rest_of_day
from frontline.wfm.forecast.planner import IntervalForecast, check_horizon, forecast_history
from frontline.wfm.forecast.profile import ProfileMethod, ProfileSettings
from frontline.wfm.forecast.report import format_table
from frontline.wfm.forecast.series import History, SeriesError, build_history

__all__ = [
    "AUTO",
    "METHODS",
    "Accuracy",
    "BacktestRows",
    "DayGrid",
    "Evaluation",
    "Forecast",
    "History",
    "IntervalForecast",
    "Method",
    "MethodScore",
    "ProfileMethod",
    "ProfileSettings",
    "SeriesError",
    "accuracy",
    "build_history",
    "check_horizon",
    "days_since_closure",
    "evaluate",
    "forecast_days",
    "forecast_history",
    "format_table",
    "intraday_factor",
    "reforecast_rest_of_day",
    "run_backtest",
    "seasonal_naive",
    "weekday_mean",
    "weekday_of",
]
