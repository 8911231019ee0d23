"""`frontline forecast`: forecast contacts per interval, and backtest the methods.

``frontline forecast HISTORY.csv ...`` writes the forecast; ``frontline forecast backtest
HISTORY.csv ...`` prints the rolling-origin accuracy table. Both share the input options, so a
planner who has tuned the reading options for one can reuse them verbatim for the other.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from frontline.adapters.timeseries_csv import (
    CsvSeriesError,
    load_history,
    read_counts,
    read_records,
    write_forecast,
)
from frontline.entrypoints.cli.errors import CliError
from frontline.wfm.forecast import (
    AUTO,
    METHODS,
    History,
    SeriesError,
    evaluate,
    forecast_history,
    format_table,
)
from frontline.wfm.forecast.planner import IntervalForecast


class _ForecastGroup(TyperGroup):
    """Run ``make`` when the first argument is not a subcommand (the history file)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Typer's own click Context
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["make", *args]
        return super().parse_args(ctx, args)


forecast_app = typer.Typer(
    cls=_ForecastGroup,
    help="Forecast contacts per interval (HISTORY.csv ...) or backtest the methods (backtest ...).",
    no_args_is_help=True,
)

HistoryArg = Annotated[
    Path, typer.Argument(help="CSV of contacts per interval, or one row per contact.")
]
TimeOpt = Annotated[str, typer.Option("--time-column", help="Column with the interval start time.")]
ValueOpt = Annotated[str, typer.Option("--value-column", help="Column with the contact count.")]
RecordsOpt = Annotated[
    bool, typer.Option("--records", help="Each row is one contact (ignore --value-column).")
]
IntervalOpt = Annotated[
    str, typer.Option("--interval", help="Forecast interval: 5m, 15m, 30m, 1h.")
]
TzOpt = Annotated[
    str | None,
    typer.Option(
        "--tz", help="Convert offset-labelled times to this zone; default: keep the clock."
    ),
]
LevelOpt = Annotated[float, typer.Option("--level", help="Prediction-interval coverage, e.g. 0.9.")]


def parse_interval(text: str) -> int:
    """``30m``, ``30min``, ``1h`` or ``30`` to minutes."""
    match = re.fullmatch(r"\s*(\d+)\s*(m|min|h)?\s*", text)
    if not match or int(match.group(1)) == 0:
        raise CliError(f"interval {text!r} is not understood; write it like 30m or 1h")
    return int(match.group(1)) * (60 if match.group(2) == "h" else 1)


def parse_horizon(text: str) -> int:
    """``1d`` or ``5`` to a number of open days."""
    match = re.fullmatch(r"\s*(\d+)\s*d?\s*", text)
    if not match:
        raise CliError(f"horizon {text!r} is not understood; write it in days like 1d or 5d")
    return int(match.group(1))


def _load(
    history: Path, time_column: str, value_column: str, records: bool, interval: str, tz: str | None
) -> History:
    minutes = parse_interval(interval)
    try:
        raw = (
            read_records(history, time_column, minutes, tz)
            if records
            else read_counts(history, time_column, value_column, tz)
        )
        return load_history(raw, minutes, history)
    except CsvSeriesError as exc:
        raise CliError(str(exc)) from None


def _day_number(text: str) -> int:
    try:
        return date.fromisoformat(text).toordinal() - date(1970, 1, 1).toordinal()
    except ValueError:
        raise CliError(f"closed day {text!r} is not a date like 2003-12-25") from None


def _plot(path: Path, history: History, result: IntervalForecast) -> None:
    """Last week of actuals and the forecast with its band, one point per interval."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    grid = history.grid
    recent = grid.values[-5:].ravel()
    shown = len(recent)
    figure, axes = plt.subplots(figsize=(11, 4))
    axes.plot(range(shown), recent, color="0.35", linewidth=1, label="actual")
    ahead = range(shown, shown + len(result.mean))
    axes.fill_between(
        ahead, result.lower, result.upper, alpha=0.3, label=f"interval ({result.method})"
    )
    axes.plot(ahead, result.mean, linewidth=1.5, label="forecast")
    axes.set_xlabel(
        f"{grid.interval_minutes}-minute intervals (last {len(grid.values[-5:])} days, then ahead)"
    )
    axes.set_ylabel("contacts")
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    figure.tight_layout()
    try:
        figure.savefig(path)
    except OSError as exc:
        raise CliError(f"{path}: cannot write the plot ({exc.strerror})") from None
    finally:
        plt.close(figure)


@forecast_app.command("make")
def make(
    history: HistoryArg,
    out: Annotated[
        Path, typer.Option("--out", help="Where to write timestamp,forecast,lower,upper.")
    ],
    time_column: TimeOpt = "timestamp",
    value_column: ValueOpt = "count",
    records: RecordsOpt = False,
    interval: IntervalOpt = "30m",
    horizon: Annotated[
        str, typer.Option("--horizon", help="Open days ahead, e.g. 1d or 5d.")
    ] = "1d",
    method: Annotated[
        str, typer.Option("--method", help=f"One of {', '.join([AUTO, *METHODS])}.")
    ] = AUTO,
    level: LevelOpt = 0.9,
    closed: Annotated[
        list[str] | None, typer.Option("--closed", help="A holiday ahead (YYYY-MM-DD); repeatable.")
    ] = None,
    tz: TzOpt = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Also draw the forecast (PNG).")
    ] = None,
) -> None:
    """Forecast the next open days per interval, with prediction intervals."""
    loaded = _load(history, time_column, value_column, records, interval, tz)
    holidays = [_day_number(text) for text in closed or []]
    try:
        result = forecast_history(loaded, parse_horizon(horizon), method, level, holidays)
    except (SeriesError, ValueError) as exc:
        raise CliError(str(exc)) from None
    try:
        write_forecast(out, result.minutes, result.mean, result.lower, result.upper)
    except CsvSeriesError as exc:
        raise CliError(str(exc)) from None
    if plot is not None:
        _plot(plot, loaded, result)
    note = ""
    if result.intraday_factor is not None:
        note = f"; rest of today scaled by {result.intraday_factor:.3f} from its actuals so far"
    typer.echo(f"wrote {len(result.mean)} intervals to {out} (method {result.method}{note})")


@forecast_app.command("backtest")
def backtest(
    history: HistoryArg,
    time_column: TimeOpt = "timestamp",
    value_column: ValueOpt = "count",
    records: RecordsOpt = False,
    interval: IntervalOpt = "30m",
    days: Annotated[int, typer.Option("--days", help="Test days at the end of the history.")] = 40,
    level: LevelOpt = 0.9,
    tz: TzOpt = None,
) -> None:
    """Day-ahead rolling-origin backtest of every method over the last --days days."""
    loaded = _load(history, time_column, value_column, records, interval, tz)
    try:
        result = evaluate(loaded.grid, days, level)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    width = loaded.grid.interval_minutes
    typer.echo(f"day-ahead rolling origin, last {days} days, {width}-minute intervals")
    typer.echo(format_table(result))
    picks = ", ".join(f"{name} {count}" for name, count in sorted(result.auto_choices.items()))
    typer.echo(f"auto picked: {picks} (of {days} days)")


def register(app: typer.Typer) -> None:
    """Attach ``frontline forecast`` to the main app."""
    app.add_typer(forecast_app, name="forecast")
