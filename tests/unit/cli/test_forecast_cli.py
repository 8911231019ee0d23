"""`frontline forecast` end to end: files in, files and tables out, one-line errors."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontline.entrypoints.cli.errors import CliError
from frontline.entrypoints.cli.main import app

BANK = Path(__file__).resolve().parents[3] / "datasets" / "bank_calls.csv"
FRONTLINE = Path(sys.executable).with_name("frontline")
runner = CliRunner()


def bank_slice(tmp_path: Path, days: int, extra: int = 0, edit=None) -> Path:
    """The first ``days`` bank days (plus ``extra`` rows of the next), optionally edited."""
    lines = BANK.read_text().splitlines()
    rows = lines[: 1 + days * 169 + extra]
    if edit is not None:
        rows = edit(rows)
    path = tmp_path / "history.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def frontline(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(FRONTLINE), *args], capture_output=True, text=True, check=False)


BANK_OPTS = ["--time-column", "DateTime", "--value-column", "Calls"]


def test_forecast_writes_the_next_open_day_with_bounds(tmp_path):
    history = bank_slice(tmp_path, 24)  # Mon 2003-03-03 .. Thu 2003-04-03
    out = tmp_path / "forecast.csv"
    plot = tmp_path / "forecast.png"
    args = ["forecast", str(history), *BANK_OPTS, "--interval", "30m", "--horizon", "2d"]
    result = runner.invoke(app, [*args, "--out", str(out), "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    assert "wrote 56 intervals" in result.output
    rows = read_rows(out)
    assert list(rows[0]) == ["timestamp", "forecast", "lower", "upper"]
    # Fri 04-04 and Mon 04-07 are missing from the file, but the history ends on Thu 04-03,
    # so the next open days are Fri 04-04 and Mon 04-07.
    assert rows[0]["timestamp"] == "2003-04-04T07:00:00"
    assert rows[27]["timestamp"] == "2003-04-04T20:30:00"
    assert rows[28]["timestamp"] == "2003-04-07T07:00:00"
    for row in rows:
        assert 0 <= float(row["lower"]) <= float(row["forecast"]) <= float(row["upper"])
    assert plot.read_bytes()[:4] == b"\x89PNG"


def test_declared_holiday_is_skipped_and_partial_day_is_reforecast(tmp_path):
    history = bank_slice(tmp_path, 24, extra=6 * 12)  # then Tue 04-08 until 13:00
    out = tmp_path / "forecast.csv"
    args = ["forecast", str(history), *BANK_OPTS, "--horizon", "1d", "--closed", "2003-04-09"]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "rest of today scaled by" in result.output
    rows = read_rows(out)
    assert rows[0]["timestamp"] == "2003-04-08T13:00:00"  # Tue 04-08 after its morning
    assert rows[16]["timestamp"] == "2003-04-10T07:00:00"  # Wed 04-09 declared closed
    assert len(rows) == 16 + 28


def test_records_mode_counts_one_row_per_contact(tmp_path):
    path = tmp_path / "records.csv"
    lines = ["id,created_at"]
    for day in range(1, 6):  # Mon 2024-01-01 .. Fri 2024-01-05, 3 + 1 contacts
        stamps = ["09:05", "09:10", "09:40", "10:15"]
        lines += [f"{day}{i},2024-01-0{day}T{t}:00+01:00" for i, t in enumerate(stamps)]
    path.write_text("\n".join(lines) + "\n")
    out = tmp_path / "f.csv"
    args = ["forecast", str(path), "--records", "--time-column", "created_at", "--interval", "1h"]
    result = runner.invoke(app, [*args, "--method", "weekday_mean", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = read_rows(out)
    assert [(r["timestamp"], float(r["forecast"])) for r in rows] == [
        ("2024-01-08T09:00:00", 3.0),
        ("2024-01-08T10:00:00", 1.0),
    ]


def test_backtest_prints_the_table_for_every_method(tmp_path):
    history = bank_slice(tmp_path, 60)
    result = runner.invoke(app, ["forecast", "backtest", str(history), *BANK_OPTS, "--days", "5"])
    assert result.exit_code == 0, result.output
    for title in ("seasonal naive", "mean of last 4 same weekdays", "profile", "auto"):
        assert title in result.output
    assert "MAPE %" in result.output and "RMSE" in result.output and "MASE" in result.output
    assert "auto picked:" in result.output


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda r: [*r[:11], r[10], *r[11:]], "line 12: duplicate timestamp"),
        (lambda r: [*r[:5], r[6], r[5], *r[7:]], "line 7: timestamp earlier than the row"),
        (lambda r: [*r[:20], *r[21:]], "line 21: gap inside a day: 08:30 is followed by 08:40"),
        (lambda r: [*r[:9], r[9].rsplit(",", 1)[0] + ",-4", *r[10:]], "line 10: count -4 is neg"),
        (lambda r: [*r[:9], r[9].rsplit(",", 1)[0] + ",many", *r[10:]], "line 10: 'many' in col"),
        (lambda r: [*r[:3], "3,yesterday,5", *r[4:]], "line 4: 'yesterday' in column 'DateTime'"),
    ],
)
def test_bad_rows_are_named(tmp_path, edit, message):
    history = bank_slice(tmp_path, 10, edit=edit)
    result = runner.invoke(app, ["forecast", str(history), *BANK_OPTS, "--out", "o.csv"])
    assert isinstance(result.exception, CliError)
    assert f"history.csv {message}" in str(result.exception)


def test_the_installed_command_prints_one_error_line_and_exits_1(tmp_path):
    history = bank_slice(tmp_path, 10, edit=lambda r: [*r[:11], r[10], *r[11:]])
    done = frontline("forecast", str(history), *BANK_OPTS, "--out", str(tmp_path / "o.csv"))
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1
    assert "line 12: duplicate timestamp" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--horizon", "11d"], "10 complete days of history allow at most 10"),
        (["--interval", "7m"], "does not divide a day"),
        (["--interval", "half an hour"], "interval 'half an hour' is not understood"),
        (
            ["--value-column", "calls"],
            "no column 'calls'; the columns are rownames, DateTime, Calls",
        ),
        (["--method", "magic"], "unknown method 'magic'"),
        (["--closed", "someday"], "closed day 'someday' is not a date"),
    ],
)
def test_bad_options_fail_with_a_clear_message(tmp_path, args, message):
    history = bank_slice(tmp_path, 10)
    base = ["forecast", str(history), "--time-column", "DateTime", "--value-column", "Calls"]
    result = runner.invoke(app, [*base, *args, "--out", str(tmp_path / "o.csv")])
    assert isinstance(result.exception, CliError)
    assert message in str(result.exception)


def test_backtest_longer_than_the_history_is_refused(tmp_path):
    history = bank_slice(tmp_path, 10)
    result = runner.invoke(app, ["forecast", "backtest", str(history), *BANK_OPTS, "--days", "10"])
    assert isinstance(result.exception, CliError)
    assert "a backtest over 10 days needs more than 10 days of history" in str(result.exception)


def test_missing_file_is_one_line(tmp_path):
    done = frontline("forecast", "backtest", str(tmp_path / "nope.csv"), *BANK_OPTS)
    assert done.returncode == 1
    assert "cannot read" in done.stderr and "Traceback" not in done.stderr
