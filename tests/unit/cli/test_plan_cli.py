"""``frontline plan`` and ``frontline staff-sim`` end to end: files in, files and JSON out,
and bad input reported in one line with exit status 1."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontline.entrypoints.cli.errors import CliError
from frontline.entrypoints.cli.main import app

FRONTLINE = Path(sys.executable).with_name("frontline")
SHAPE = (60, 80, 100, 100, 90, 80, 70, 60)  # calls per half hour from 09:00
SHIFTS = """\
period_minutes: 30
templates:
  - {name: full, periods_per_day: 48, first_start: 18, last_start: 18, lengths: [8], cost: 4,
     wrap: false, breaks: [{name: tea, length: 1, window: [3, 6]}]}
  - {name: part, periods_per_day: 48, first_start: 18, last_start: 22, lengths: [4],
     cost: 2.25, wrap: false}
"""


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    """Four weeks of weekday history 09:00-13:00 and a shift catalogue for it."""
    lines = ["DateTime,Calls"]
    for offset in range(28):
        day = date(2003, 3, 3) + timedelta(days=offset)
        if day.weekday() < 5:
            for slot, calls in enumerate(SHAPE):
                minute = 9 * 60 + 30 * slot
                lines.append(f"{day}T{minute // 60:02d}:{minute % 60:02d}:00Z,{calls}")
    history = tmp_path / "history.csv"
    history.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shifts = tmp_path / "shifts.yaml"
    shifts.write_text(SHIFTS, encoding="utf-8")
    return history, shifts


def plan_args(history: Path, shifts: Path, out: Path, *extra: str) -> list[str]:
    return [
        "plan", str(history), "--time-column", "DateTime", "--value-column", "Calls",
        "--interval", "30m", "--horizon", "1w", "--aht", "180", "--target", "20",
        "--service-level", "0.8", "--shifts", str(shifts), "--out-dir", str(out),
        "--replications", "1", *extra,
    ]  # fmt: skip


def test_plan_writes_every_file_and_prints_json(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "plan"
    result = CliRunner().invoke(app, plan_args(*inputs, out, "--shrinkage", "0.2", "--json"))
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["days"] == [f"2003-03-{d}" for d in (31,)] + [
        f"2003-04-0{d}" for d in range(1, 5)
    ]
    assert summary["totals"]["intervals"] == 40
    assert summary["model"] == "erlang_c" and summary["window"] == "09:00-13:00"
    for name in ("forecast.csv", "staffing.csv", "schedule.csv", "simulation.csv", "plan.png"):
        assert (out / name).stat().st_size > 0
    with (out / "simulation.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 40
    assert list(rows[0]) == [
        "timestamp", "forecast", "required_agents", "required_positions", "scheduled",
        "on_phones", "erlang_sl", "offered", "simulated_sl", "asa", "abandon_rate", "missed",
    ]  # fmt: skip
    assert all(int(r["scheduled"]) >= int(r["required_positions"]) for r in rows)
    with (out / "forecast.csv").open(newline="") as handle:
        assert next(csv.reader(handle)) == ["timestamp", "forecast", "lower", "upper"]
    assert (out / "plan.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plan_prints_a_readable_summary(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    plot = tmp_path / "check.png"
    args = plan_args(*inputs, tmp_path / "out", "--patience", "300", "--plot", str(plot))
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "intervals miss the goal" in result.stdout or "every interval meets" in result.stdout
    assert "schedule optimal" in result.stdout and "simulated" in result.stdout
    assert plot.read_bytes()[:4] == b"\x89PNG"


def test_plan_rosters_agents_when_given(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    agents = tmp_path / "agents.yaml"
    people = "\n".join(f"  - {{name: a{k:02d}, max_hours: 20}}" for k in range(40))
    agents.write_text(f"rest_hours: 11\nagents:\n{people}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, [*plan_args(*inputs, out, "--json"), "--agents", str(agents)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    with (out / "roster.csv").open(newline="") as handle:
        roster = list(csv.DictReader(handle))
    assert len(roster) == summary["roster"]["assignments"] > 0
    assert roster[0]["start"].startswith("2003-")


def _error(args: list[str]) -> str:
    """Run through CliRunner and return the CliError message the CLI would print."""
    result = CliRunner().invoke(app, args)
    assert result.exit_code != 0
    assert isinstance(result.exception, CliError), result.output
    return str(result.exception)


def test_bad_inputs_name_the_row_or_rule(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    history, shifts = inputs
    out = tmp_path / "out"
    too_far = plan_args(history, shifts, out)
    too_far[too_far.index("1w")] = "40d"
    assert "longer than the history supports" in _error(too_far)
    bad_horizon = plan_args(history, shifts, out)
    bad_horizon[bad_horizon.index("1w")] = "soon"
    assert "write it in days (5d) or weeks (1w)" in _error(bad_horizon)
    night = tmp_path / "night.yaml"
    night.write_text("period_minutes: 30\nshifts:\n  - {name: night, periods: '0-7', cost: 4}\n")
    assert "shift 'night' covers no period in opening hours" in _error(
        plan_args(history, night, out)
    )
    quarter = tmp_path / "quarter.yaml"
    quarter.write_text(SHIFTS.replace("period_minutes: 30", "period_minutes: 15"))
    assert "period_minutes is 15" in _error(plan_args(history, quarter, out))
    agents = tmp_path / "agents.yaml"
    agents.write_text(
        "agents:\n  - {name: ann, max_hours: 40, min_hours: 30, days_off: [0, 1, 2, 3, 4]}\n"
    )
    message = _error([*plan_args(history, shifts, out), "--agents", str(agents)])
    assert "agent 'ann'" in message
    broken = tmp_path / "broken.csv"
    broken.write_text(history.read_text().replace(",100\n", ",-5\n", 1))
    assert "broken.csv line" in _error(plan_args(broken, shifts, out))


def test_bad_input_is_one_line_and_exit_1_from_the_shell(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    history, shifts = inputs
    args = plan_args(history, shifts, tmp_path / "out", "--service-level", "1.5")
    done = subprocess.run([str(FRONTLINE), *args], capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "error: service level must be between 0 and 1 (exclusive), got 1.5"
    ]
    assert "Traceback" not in done.stderr


def test_staff_sim_reports_group_sizes_as_json(tmp_path: Path) -> None:
    scenario = tmp_path / "pooled.yaml"
    scenario.write_text(
        "duration_s: 28800\nqueues:\n"
        "  - {name: english, required_skills: {english: 1}, arrivals: {rate_per_hour: 200},"
        " handle_time: {distribution: exponential, mean_s: 180}}\n"
        "  - {name: spanish, required_skills: {spanish: 1}, arrivals: {rate_per_hour: 200},"
        " handle_time: {distribution: exponential, mean_s: 180}}\n"
        "agents:\n  - {name: both, count: 1, skills: {english: 1, spanish: 1}}\n"
    )
    args = ["staff-sim", str(scenario), "--target", "20", "--service-level", "0.8", "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["start"]["counts"] == {"both": 28}
    assert summary["found"]["agents"] < 28 and summary["meets_goal"] is True
    table = CliRunner().invoke(app, args[:-1])
    assert table.exit_code == 0 and "per-queue Erlang" in table.stdout
    missing = _error(["staff-sim", str(tmp_path / "none.yaml"), "--service-level", "0.8"])
    assert "cannot read scenario" in missing
