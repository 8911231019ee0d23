"""``frontline erlang`` and ``frontline staff``: JSON figures and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontline.entrypoints.cli.errors import CliError
from frontline.entrypoints.cli.main import app

runner = CliRunner()
EXAMPLE = ["--calls", "100", "--interval", "1800", "--aht", "180", "--target", "20"]
FRONTLINE = Path(sys.executable).with_name("frontline")


def run_json(*args: str) -> dict[str, float]:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    figures: dict[str, float] = json.loads(result.stdout)
    return figures


def test_erlang_c_json_matches_the_published_example() -> None:
    figures = run_json("erlang", *EXAMPLE, "--agents", "14")
    assert set(figures) == {"traffic", "p_wait", "service_level", "asa", "occupancy"}
    assert figures["traffic"] == pytest.approx(10.0)
    assert figures["p_wait"] == pytest.approx(0.1741319, abs=5e-8)
    assert figures["service_level"] == pytest.approx(0.88835, abs=5e-6)
    assert figures["asa"] == pytest.approx(7.836, abs=5e-4)
    assert figures["occupancy"] == pytest.approx(0.7142857, abs=5e-8)


def test_erlang_a_json_adds_abandonment() -> None:
    figures = run_json("erlang", *EXAMPLE, "--agents", "14", "--patience", "300")
    assert set(figures) == {"traffic", "p_wait", "service_level", "asa", "occupancy", "p_abandon"}
    assert figures["p_wait"] == pytest.approx(0.14526, abs=5e-6)
    assert figures["p_abandon"] == pytest.approx(0.013984, abs=5e-7)
    assert figures["occupancy"] == pytest.approx(0.704297, abs=5e-7)
    assert figures["service_level"] == pytest.approx(0.916792, abs=5e-7)


def test_staff_json_matches_the_published_example() -> None:
    figures = run_json("staff", *EXAMPLE, "--service-level", "0.8", "--shrinkage", "0.3")
    assert set(figures) == {"agents", "positions", "service_level", "asa", "occupancy"}
    assert figures["agents"] == 14
    assert figures["positions"] == 20
    assert figures["service_level"] == pytest.approx(0.88835, abs=5e-6)


def test_staff_with_patience_and_occupancy_cap() -> None:
    figures = run_json(
        "staff",
        *EXAMPLE,
        "--service-level",
        "0.8",
        "--patience",
        "300",
        "--max-occupancy",
        "0.7",
    )
    assert figures["occupancy"] <= 0.7
    assert figures["service_level"] >= 0.8
    assert figures["agents"] == figures["positions"]
    assert "p_abandon" in figures


def test_plain_output_is_one_figure_per_line() -> None:
    result = runner.invoke(app, ["erlang", *EXAMPLE, "--agents", "11"])
    assert result.exit_code == 0
    lines = dict(line.split(maxsplit=1) for line in result.stdout.splitlines())
    assert lines["p_wait"] == "0.682118"
    assert lines["traffic"] == "10"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["erlang", *EXAMPLE, "--agents", "10"], "unstable queue: 10 Erlangs"),
        (["erlang", *EXAMPLE, "--agents", "0"], "--agents must be greater than zero"),
        (["erlang", *EXAMPLE[:2], "--interval", "-5", *EXAMPLE[4:], "--agents", "3"], "interval"),
        (["staff", *EXAMPLE, "--service-level", "1"], "--service-level must be between 0"),
        (["staff", *EXAMPLE, "--service-level", "0.8", "--shrinkage", "1"], "--shrinkage"),
        (["staff", *EXAMPLE, "--service-level", "0.8", "--max-occupancy", "1.5"], "occupancy"),
        (["staff", *EXAMPLE, "--service-level", "0.8", "--patience", "0"], "--patience"),
        (["staff", "--calls", "-100", *EXAMPLE[2:], "--service-level", "0.8"], "--calls"),
        (["erlang", *EXAMPLE[:6], "--target", "-1", "--agents", "14"], "--target must not"),
    ],
)
def test_bad_input_raises_a_cli_error(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert isinstance(result.exception, CliError)
    assert message in str(result.exception)


def test_the_installed_command_prints_one_line_and_exits_1() -> None:
    """Through the console script, so ``main.run`` turns the CliError into one line."""
    completed = subprocess.run(
        [str(FRONTLINE), "erlang", *EXAMPLE, "--agents", "9", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert completed.stderr.startswith("error: unstable queue")
    assert completed.stderr.count("\n") == 1
    assert "Traceback" not in completed.stderr
