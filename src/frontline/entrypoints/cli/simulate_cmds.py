"""``frontline simulate SCENARIO.yaml``: run the contact-center simulator from the shell.

The scenario format is documented in docs/guides/simulator.md. Bad input (a missing file,
malformed YAML, an impossible scenario) ends in one ``error:`` line and exit status 1.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from frontline.entrypoints.cli.errors import CliError
from frontline.sim.runner import SimulationResult, simulate
from frontline.sim.scenario import Scenario, ScenarioError
from frontline.sim.scenario_files import load_scenario_file
from frontline.sim.summary import result_dict

PROGRESS_MIN_CONTACTS = 100_000
"""Runs expected to simulate fewer contacts finish too fast for a progress bar to help."""
TABLE_WIDTH = 110


def register(app: typer.Typer) -> None:
    """Attach ``simulate`` to the main app."""
    app.command("simulate")(simulate_command)


def simulate_command(
    scenario_file: Annotated[Path, typer.Argument(metavar="SCENARIO.yaml", help="Scenario file.")],
    seed: Annotated[int, typer.Option(help="Random seed; the same seed repeats the run.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
    plot: Annotated[
        Path | None, typer.Option(help="Draw service level and queue length to this PNG.")
    ] = None,
    plot_interval_s: Annotated[
        float, typer.Option(help="Interval of the plotted series, in seconds.")
    ] = 900.0,
) -> None:
    """Simulate a contact-center day and print per-queue and total metrics."""
    if seed < 0:
        raise CliError(f"--seed must be >= 0, got {seed}")
    if not (plot_interval_s > 0 and math.isfinite(plot_interval_s)):
        raise CliError(f"--plot-interval-s must be a positive number, got {plot_interval_s}")
    try:
        scenario = load_scenario_file(scenario_file)
    except ScenarioError as exc:
        raise CliError(str(exc)) from None
    interval = plot_interval_s if plot is not None else None
    result = _run(scenario, seed, interval, show_progress=not as_json)
    if plot is not None and result.timeline is not None:
        _plot(result, plot, scenario_file.name)
    if as_json:
        typer.echo(json.dumps(result_dict(result), indent=2))
    else:
        _print_table(result)


def _run(
    scenario: Scenario, seed: int, interval: float | None, *, show_progress: bool
) -> SimulationResult:
    expected = sum(q.arrivals.expected_count(scenario.duration_s) for q in scenario.queues)
    if not show_progress or expected < PROGRESS_MIN_CONTACTS:
        return simulate(scenario, seed, timeline_interval_s=interval)
    columns = (TextColumn("simulating"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"))
    with Progress(
        *columns, TimeElapsedColumn(), console=Console(stderr=True), transient=True
    ) as bar:
        task = bar.add_task("simulate", total=scenario.duration_s)
        result = simulate(
            scenario,
            seed,
            timeline_interval_s=interval,
            progress=lambda now: bar.update(task, completed=min(now, scenario.duration_s)),
        )
        bar.update(task, completed=scenario.duration_s)
    return result


def _plot(result: SimulationResult, path: Path, name: str) -> None:
    from frontline.sim.plot import plot_timeline  # matplotlib loads only when plotting

    assert result.timeline is not None
    try:
        plot_timeline(result.timeline, path, title=f"{name} (seed {result.seed})")
    except OSError as exc:
        raise CliError(f"cannot write plot {path}: {exc.strerror or exc}") from None


def _print_table(result: SimulationResult) -> None:
    console = Console()
    if not console.is_terminal:
        console.width = max(console.width, TABLE_WIDTH)  # piped output: do not truncate
    table = Table(
        title=f"Simulated {result.duration_s / 3600:g} h, seed {result.seed}",
        caption="SL within each queue's threshold; aband. = abandon rate; occ. = occupancy",
        box=None,
        header_style="bold underline",
        padding=(0, 0, 0, 1),
        pad_edge=False,
        show_edge=False,
    )
    table.add_column("queue", no_wrap=True)
    for header in ("offered", "answered", "abandoned", "SL", "ASA s", "P(wait)", "aband.", "occ."):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("AHT s", justify="right", no_wrap=True)
    rows = [*result.report.queues.items(), ("total", result.report.total)]
    for index, (name, m) in enumerate(rows):
        table.add_row(
            name,
            str(m.offered),
            str(m.answered),
            str(m.abandoned),
            _pct(m.service_level),
            _num(m.asa),
            _pct(m.p_wait),
            _pct(m.abandon_rate),
            _pct(m.occupancy),
            _num(m.aht),
            style="bold" if index == len(rows) - 1 else None,
        )
    console.print(table)
    rate = result.contacts / result.wall_seconds if result.wall_seconds > 0 else math.inf
    console.print(
        f"events {result.events:,}  wall_seconds {result.wall_seconds:.3f}  "
        f"contacts {result.contacts:,} ({rate:,.0f}/s)"
    )
    if result.unfinished:
        console.print(f"[yellow]{result.unfinished} contacts were still waiting at the end[/]")
    for warning in result.warnings:
        console.print(f"[yellow]{warning}[/]")


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"
