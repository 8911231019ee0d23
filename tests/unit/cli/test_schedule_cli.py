"""``frontline schedule`` end to end: files in, schedule CSV and JSON out, bad input in one line."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from frontline.entrypoints.cli.main import app

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "scheduling"
FRONTLINE = Path(sys.executable).with_name("frontline")


def schedule_args(*args: str) -> list[str]:
    """The command name, unless ``schedule`` is the app's only command (Typer then runs it
    without a name)."""
    only_one = len(app.registered_commands) == 1 and not app.registered_groups
    return list(args) if only_one else ["schedule", *args]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(FRONTLINE), *schedule_args(*args)], capture_output=True, text=True, check=False
    )


def test_post_office_example_prints_json_and_writes_the_schedule(tmp_path: Path) -> None:
    out = tmp_path / "schedule.csv"
    example = EXAMPLES / "post_office"
    result = CliRunner().invoke(
        app,
        schedule_args(
            str(example / "requirements.csv"),
            "--shifts",
            str(example / "shifts.yaml"),
            "--out",
            str(out),
            "--time-limit",
            "10",
            "--json",
        ),
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["status"] == "optimal"
    assert answer["cost"] == 23 and answer["lower_bound"] == 23 and answer["people"] == 23
    assert answer["coverage"]["short_total"] == 0
    assert [p["required"] for p in answer["coverage"]["periods"]] == [17, 13, 15, 19, 14, 16, 11]
    with out.open() as handle:
        rows = list(csv.DictReader(handle))
    assert sum(int(r["count"]) for r in rows) == 23


def test_day_example_places_breaks_and_rosters_agents(tmp_path: Path) -> None:
    example = EXAMPLES / "contact_center_day"
    out, roster = tmp_path / "schedule.csv", tmp_path / "roster.csv"
    result = CliRunner().invoke(
        app,
        schedule_args(
            str(example / "requirements.csv"),
            "--shifts",
            str(example / "shifts.yaml"),
            "--out",
            str(out),
            "--agents",
            str(example / "agents.yaml"),
            "--roster-out",
            str(roster),
            "--json",
        ),
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["status"] == "optimal" and answer["coverage"]["short_total"] == 0
    assert answer["roster"]["assignments"] == answer["people"]
    assert answer["roster"]["unfilled"] == {}
    with out.open() as handle:
        full = [r for r in csv.DictReader(handle) if r["shift"].startswith("full")]
    assert full and all("lunch=" in r["breaks"] for r in full)


def test_infeasible_input_names_the_periods(tmp_path: Path) -> None:
    (tmp_path / "req.csv").write_text("period,required\n0,1\n1,2\n2,3\n")
    (tmp_path / "shifts.yaml").write_text("shifts:\n  - {name: early, periods: 0-1, cost: 1}\n")
    done = run_cli(
        str(tmp_path / "req.csv"),
        "--shifts",
        str(tmp_path / "shifts.yaml"),
        "--out",
        str(tmp_path / "out.csv"),
        "--json",
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)["status"] == "infeasible"
    assert done.stderr.strip() == "error: infeasible: no shift can cover period(s) 2"


def test_duplicate_requirement_row_is_one_readable_line(tmp_path: Path) -> None:
    (tmp_path / "req.csv").write_text("period,required\n0,1\n1,2\n1,3\n")
    (tmp_path / "shifts.yaml").write_text("shifts:\n  - {name: s, periods: 0-1, cost: 1}\n")
    done = run_cli(
        str(tmp_path / "req.csv"),
        "--shifts",
        str(tmp_path / "shifts.yaml"),
        "--out",
        str(tmp_path / "out.csv"),
    )
    assert done.returncode == 1
    assert done.stderr.strip() == "error: row 4: period 1 is listed twice (first on row 3)"
    assert "Traceback" not in done.stderr


def test_shift_without_periods_and_missing_file_are_reported(tmp_path: Path) -> None:
    (tmp_path / "req.csv").write_text("period,required\n0,1\n")
    (tmp_path / "shifts.yaml").write_text("shifts:\n  - {name: empty, periods: [], cost: 1}\n")
    out = str(tmp_path / "out.csv")
    done = run_cli(
        str(tmp_path / "req.csv"), "--shifts", str(tmp_path / "shifts.yaml"), "--out", out
    )
    assert done.stderr.strip() == "error: shift 'empty' covers no periods"
    missing = run_cli(
        str(tmp_path / "nope.csv"), "--shifts", str(tmp_path / "shifts.yaml"), "--out", out
    )
    assert missing.returncode == 1
    assert missing.stderr.startswith("error: cannot read") and "Traceback" not in missing.stderr


def test_impossible_contract_names_the_agent(tmp_path: Path) -> None:
    example = EXAMPLES / "contact_center_day"
    (tmp_path / "agents.yaml").write_text(
        "agents:\n  - {name: pat, max_hours: 40, min_hours: 30}\n"
    )
    done = run_cli(
        str(example / "requirements.csv"),
        "--shifts",
        str(example / "shifts.yaml"),
        "--out",
        str(tmp_path / "out.csv"),
        "--agents",
        str(tmp_path / "agents.yaml"),
        "--roster-out",
        str(tmp_path / "roster.csv"),
    )
    assert done.returncode == 1
    assert done.stderr.strip().startswith("error: agent 'pat': min_hours 30 cannot be met")
