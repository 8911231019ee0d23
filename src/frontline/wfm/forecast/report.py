"""The accuracy table as plain text, shared by the CLI and the benchmark page."""

from __future__ import annotations

from frontline.wfm.forecast.evaluation import Evaluation

_TITLES = {
    "seasonal_naive": "seasonal naive (last same weekday)",
    "weekday_mean": "mean of last 4 same weekdays",
    "profile": "profile × smoothed daily total",
    "combined": "combined (profile + 4-week mean) / 2",
    "auto": "auto (chosen by inner backtest)",
}


def format_table(evaluation: Evaluation) -> str:
    """One line per method: MAPE, RMSE, MASE, RMSE change against both baselines, coverage."""
    by_name = {score.name: score for score in evaluation.scores}
    naive = by_name.get("seasonal_naive")
    mean4 = by_name.get("weekday_mean")
    level = round(evaluation.level * 100)
    header = (
        f"{'method':<36} {'MAPE %':>7} {'RMSE':>8} {'MASE':>6} "
        f"{'vs naive':>9} {'vs 4-wk':>8} {f'{level}% PI':>7}"
    )
    lines = [header, "-" * len(header)]
    for score in evaluation.scores:
        acc = score.accuracy
        versus = [
            f"{acc.rmse / base.accuracy.rmse - 1:+.1%}" if base else "-" for base in (naive, mean4)
        ]
        lines.append(
            f"{_TITLES.get(score.name, score.name):<36} {acc.mape:>7.2f} {acc.rmse:>8.2f} "
            f"{acc.mase:>6.3f} {versus[0]:>9} {versus[1]:>8} {score.coverage:>7.1%}"
        )
    return "\n".join(lines)
