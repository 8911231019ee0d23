"""`frontline simulate`: JSON and table output, plots, and one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontline.entrypoints.cli.errors import CliError
from frontline.entrypoints.cli.main import app

FRONTLINE = Path(sys.executable).parent / "frontline"
METRICS = {
    "offered", "answered", "abandoned", "service_level", "asa", "p_wait", "abandon_rate",
    "occupancy", "aht",
}  # fmt: skip


def test_json_output_has_every_metric_per_queue_and_total(examples_dir: Path) -> None:
    result = CliRunner().invoke(
        app, ["simulate", str(examples_dir / "multiskill.yaml"), "--seed", "7", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data["queues"]) == {"support_en", "support_es", "chat", "email"}
    assert set(data["total"]) == METRICS
    assert data["total"]["offered"] == sum(q["offered"] for q in data["queues"].values())
    assert data["events"] > data["contacts"] > 0
    assert data["wall_seconds"] > 0 and data["seed"] == 7 and data["stable"] is True
    again = CliRunner().invoke(
        app, ["simulate", str(examples_dir / "multiskill.yaml"), "--seed", "7", "--json"]
    )
    assert json.loads(again.stdout)["total"] == data["total"]


def test_table_output_is_readable(examples_dir: Path) -> None:
    result = CliRunner().invoke(app, ["simulate", str(examples_dir / "erlang_a.yaml")])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for word in ("queue", "general", "total", "SL", "ASA", "occ.", "events", "wall_seconds"):
        assert word in out
    assert "…" not in out  # nothing truncated when piped


def test_plot_writes_a_png(examples_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "day.png"
    result = CliRunner().invoke(
        app, ["simulate", str(examples_dir / "erlang_c.yaml"), "--json", "--plot", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_unstable_result_is_documented_not_an_error(tmp_path: Path) -> None:
    scenario = tmp_path / "overloaded.yaml"
    scenario.write_text(
        "duration_s: 3600\nqueues:\n  - {name: q, required_skills: {s: 1},"
        " arrivals: {rate_per_hour: 400}, handle_time: 180}\n"
        "agents:\n  - {count: 10, skills: {s: 1}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["simulate", str(scenario), "--json"])
    data = json.loads(result.stdout)
    assert data["stable"] is False
    assert "unstable: queue 'q'" in data["warnings"][0]


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("duration_s: [1\n", [], "malformed YAML"),
        ("duration_s: 60\nqueues: []\nagents: []\n", [], "queues: must not be empty"),
        ("duration_s: 60\n", ["--seed", "-1"], "--seed must be >= 0"),
    ],
)
def test_bad_input_raises_a_cli_error(
    tmp_path: Path, content: str, args: list[str], message: str
) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["simulate", str(scenario), *args])
    assert isinstance(result.exception, CliError)
    assert message in str(result.exception)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "error: cannot read scenario"),
        (
            "duration_s: 60\nqueues:\n  - {name: q, required_skills: {s: 1},"
            " arrivals: {rate_per_hour: -3}, handle_time: 60}\n"
            "agents:\n  - {count: 1, skills: {s: 1}}\n",
            "error: queues[0].arrivals.rate_per_hour: must be a number > 0, got -3",
        ),
    ],
)
def test_the_installed_command_prints_one_line_and_exits_1(
    tmp_path: Path, content: str | None, message: str
) -> None:
    scenario = tmp_path / "s.yaml"
    if content is not None:
        scenario.write_text(content, encoding="utf-8")
    done = subprocess.run(
        [str(FRONTLINE), "simulate", str(scenario)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert done.stderr.startswith(message)
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
