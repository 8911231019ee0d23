"""``frontline plan``: forecast, staff, schedule and simulate a horizon in one go; and
``frontline staff-sim``: size agent groups of a multi-skill scenario by simulation.

This module reads and writes files and prints; the loop itself is
`frontline.service.planning`. History reading reuses the forecast command's options and the
CSV adapter, shift files the scheduling format. Bad input ends in one ``error:`` line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
import yaml
from rich import box
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from frontline.adapters.timeseries_csv import (
    CsvSeriesError,
    load_history,
    read_counts,
    read_records,
    write_forecast,
)
from frontline.entrypoints.cli.errors import CliError
from frontline.entrypoints.cli.forecast_cmds import (
    HistoryArg,
    IntervalOpt,
    RecordsOpt,
    TimeOpt,
    TzOpt,
    ValueOpt,
    parse_horizon,
    parse_interval,
)
from frontline.service.planning import export
from frontline.service.planning.errors import PlanningError
from frontline.service.planning.export import multiskill_summary
from frontline.service.planning.forecast_stage import open_days_in_weeks
from frontline.service.planning.multiskill import search_group_sizes
from frontline.service.planning.pipeline import STAGES, PlanResult, StageProgress, run_plan
from frontline.service.planning.settings import RunSettings, ServiceGoal
from frontline.sim.scenario import ScenarioError
from frontline.sim.scenario_files import load_scenario_file
from frontline.wfm.forecast import History

AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")]


def register(app: typer.Typer) -> None:
    """Attach ``plan`` and ``staff-sim`` to the main app."""
    app.command("plan")(plan)
    app.command("staff-sim")(staff_sim)


def plan(
    history: HistoryArg,
    shifts: Annotated[Path, typer.Option("--shifts", help="SHIFTS.yaml (the schedule format).")],
    out_dir: Annotated[Path, typer.Option("--out-dir", help="Directory for the plan's files.")],
    aht: Annotated[float, typer.Option(help="Average handling time in seconds.")],
    target: Annotated[float, typer.Option(help="Service-level threshold in seconds.")],
    service_level: Annotated[
        float, typer.Option(help="Share to answer within the target, e.g. 0.8.")
    ],
    time_column: TimeOpt = "timestamp",
    value_column: ValueOpt = "count",
    records: RecordsOpt = False,
    interval: IntervalOpt = "30m",
    horizon: Annotated[
        str, typer.Option("--horizon", help="Open days ahead (5d) or calendar weeks (1w).")
    ] = "1w",
    tz: TzOpt = None,
    patience: Annotated[
        float | None, typer.Option(help="Mean caller patience in seconds; staffs with Erlang A.")
    ] = None,
    shrinkage: Annotated[
        float, typer.Option(help="Share of scheduled time off the phones beyond breaks.")
    ] = 0.0,
    max_occupancy: Annotated[
        float | None, typer.Option(help="Highest acceptable occupancy, e.g. 0.85.")
    ] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="PNG path; default OUT_DIR/plan.png.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Simulation seed; the same seed repeats the run.")] = 0,
    replications: Annotated[int, typer.Option(help="Simulation runs pooled per open stretch.")] = 3,
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="Seconds for the shift solver.")
    ] = 60.0,
    under_cost: Annotated[
        float | None,
        typer.Option("--under-cost", help="Allow understaffing at this cost per person-period."),
    ] = None,
    agents: Annotated[
        Path | None, typer.Option("--agents", help="AGENTS.yaml: also roster named agents.")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Forecast, staff, schedule and simulate: where will the plan miss its service level?"""
    try:
        goal = ServiceGoal(aht, target, service_level, patience, max_occupancy, shrinkage)
        settings = RunSettings(seed, replications, time_limit, under_cost)
    except PlanningError as exc:
        raise CliError(str(exc)) from None
    loaded = _load_history(history, time_column, value_column, records, interval, tz)
    days = _horizon_days(horizon, loaded)
    shifts_document = read_yaml(shifts)
    agents_document = read_yaml(agents) if agents is not None else None
    _make_dir(out_dir)
    with _progress(enabled=not as_json) as report:
        try:
            result = run_plan(
                loaded, days, goal, shifts_document, settings, report, agents_document
            )
        except PlanningError as exc:
            raise CliError(str(exc)) from None
    plot_path = plot if plot is not None else out_dir / "plan.png"
    written = _write_files(result, out_dir, plot_path)
    if as_json:
        summary = export.plan_summary(result)
        summary["files"] = [str(path) for path in written]
        typer.echo(json.dumps(summary))
    else:
        _print_plan(result, written)


def _load_history(
    path: Path, time_column: str, value_column: str, records: bool, interval: str, tz: str | None
) -> History:
    minutes = parse_interval(interval)
    try:
        raw = (
            read_records(path, time_column, minutes, tz)
            if records
            else read_counts(path, time_column, value_column, tz)
        )
        return load_history(raw, minutes, path)
    except CsvSeriesError as exc:
        raise CliError(str(exc)) from None


def _horizon_days(text: str, history: History) -> int:
    """``1w`` (the open days of a calendar week) or ``5d``/``5`` (open days)."""
    weeks = re.fullmatch(r"\s*(\d+)\s*w\s*", text)
    if weeks is None:
        try:
            return parse_horizon(text)
        except CliError:
            raise CliError(
                f"horizon {text!r} is not understood; write it in days (5d) or weeks (1w)"
            ) from None
    try:
        return open_days_in_weeks(history, int(weeks.group(1)))
    except PlanningError as exc:
        raise CliError(str(exc)) from None


def read_yaml(path: Path) -> Any:
    """A YAML document, or one error line naming the file."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CliError(f"cannot read {path}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        raise CliError(f"{path} is not valid YAML: {exc}".replace("\n", " ")) from None


def _make_dir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"cannot create {path}: {exc.strerror}") from None


@contextmanager
def _progress(*, enabled: bool) -> Iterator[StageProgress | None]:
    """One bar on stderr across the four stages (none in --json mode)."""
    if not enabled:
        yield None
        return
    with Progress(
        TextColumn("{task.fields[stage]:<10}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("plan", total=len(STAGES), stage=STAGES[0])

        def report(stage: str, share: float) -> None:
            bar.update(task, completed=STAGES.index(stage) + share, stage=stage)

        yield report


def _write_files(result: PlanResult, out_dir: Path, plot_path: Path) -> list[Path]:
    from frontline.service.planning.plot import plan_png  # matplotlib loads only here

    calendar = result.calendar
    forecast = result.forecast
    minutes = np.asarray([calendar.minute_of_row(r) for r in range(calendar.n_rows)], np.int64)
    try:
        write_forecast(
            out_dir / "forecast.csv", minutes, forecast.mean, forecast.lower, forecast.upper
        )
    except CsvSeriesError as exc:
        raise CliError(str(exc)) from None
    texts = {
        "staffing.csv": export.staffing_csv(result),
        "schedule.csv": export.schedule_csv(result),
        "simulation.csv": export.simulation_csv(result),
    }
    if result.roster is not None:
        texts["roster.csv"] = export.roster_csv(result, result.roster)
    written = [out_dir / "forecast.csv"]
    try:
        for name, text in texts.items():
            (out_dir / name).write_text(text, encoding="utf-8")
            written.append(out_dir / name)
        plot_path.write_bytes(plan_png(result, title=_title(result)))
        written.append(plot_path)
    except OSError as exc:
        raise CliError(f"cannot write {exc.filename}: {exc.strerror}") from None
    return written


def _title(result: PlanResult) -> str:
    days = result.calendar.days
    first, last = export.stamp(days[0] * 1440)[:10], export.stamp(days[-1] * 1440)[:10]
    goal = result.goal
    return (
        f"Plan {first} to {last}: goal {100 * goal.service_level:g}% in {goal.target_s:g} s, "
        f"simulated {_pct(result.totals.service_level)}"
    )


def _pct(value: float | None) -> str:
    return "-" if value is None or value != value else f"{100 * value:.1f}%"


def _num(value: float | None) -> str:
    return "-" if value is None or value != value else f"{value:.1f}"


MISSED_SHOWN = 20


def _print_plan(result: PlanResult, written: list[Path]) -> None:
    console = Console()
    if not console.is_terminal:
        console.width = max(console.width, 110)
    totals = result.totals
    missed = [row for row in result.rows if row.missed]
    table = Table(
        title=f"{totals.missed_intervals} of {totals.intervals} intervals miss the goal "
        f"({100 * result.goal.service_level:g}% in {result.goal.target_s:g} s)",
        box=box.SIMPLE_HEAD,
    )
    for header in ("interval", "forecast", "required", "scheduled", "on phones"):
        table.add_column(header, justify="right")
    for header in ("Erlang SL", "sim SL", "ASA s", "abandon"):
        table.add_column(header, justify="right")
    for row in missed[:MISSED_SHOWN]:
        table.add_row(
            export.stamp(row.minute).replace("T", " ")[:16],
            f"{row.forecast:.0f}",
            str(row.required_positions),
            str(row.scheduled),
            str(row.on_phones),
            _pct(row.erlang_sl),
            _pct(row.sim_sl),
            _num(row.sim_asa),
            _pct(row.sim_abandon_rate),
        )
    if missed:
        console.print(table)
        if len(missed) > MISSED_SHOWN:
            console.print(f"... and {len(missed) - MISSED_SHOWN} more in simulation.csv")
    else:
        console.print("[green]every interval meets the goal in simulation[/]")
    console.print(
        f"schedule {totals.schedule_status}: cost {totals.schedule_cost:g}, "
        f"{totals.people} shifts, {totals.short_intervals} intervals short of positions"
    )
    console.print(
        f"simulated {totals.simulated_contacts:,} contacts: SL {_pct(totals.service_level)}, "
        f"ASA {_num(totals.asa)} s, abandon {_pct(totals.abandon_rate)}"
    )
    if result.roster is not None:
        unfilled = sum(result.roster.unfilled.values())
        assigned = len(result.roster.assignments)
        console.print(f"roster: {assigned} assignments, {unfilled} seats unfilled")
    stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.seconds.items())
    console.print(f"stages: {stages}")
    console.print("wrote " + ", ".join(str(path) for path in written))


def staff_sim(
    scenario_file: Annotated[Path, typer.Argument(metavar="SCENARIO.yaml", help="Scenario file.")],
    service_level: Annotated[
        float, typer.Option(help="Share every queue must answer within its target, e.g. 0.8.")
    ],
    target: Annotated[
        float | None,
        typer.Option(help="Threshold in seconds for every queue; default each queue's own."),
    ] = None,
    seed: Annotated[int, typer.Option(help="First seed of the replications.")] = 0,
    replications: Annotated[int, typer.Option(help="Simulation runs per candidate.")] = 2,
    max_runs: Annotated[int, typer.Option(help="Upper bound on simulation runs.")] = 400,
    as_json: AsJson = False,
) -> None:
    """Size the agent groups of a multi-skill scenario by simulation, from per-queue Erlang."""
    if seed < 0:
        raise CliError(f"--seed must be >= 0, got {seed}")
    if target is not None and not target >= 0:
        raise CliError(f"--target must not be negative, got {target:g}")
    try:
        scenario = load_scenario_file(scenario_file)
        result = search_group_sizes(
            scenario,
            service_level,
            target_s=target,
            seed=seed,
            replications=replications,
            max_runs=max_runs,
        )
    except (ScenarioError, PlanningError) as exc:
        raise CliError(str(exc)) from None
    summary = multiskill_summary(result)
    if as_json:
        typer.echo(json.dumps(summary))
        return
    console = Console()
    table = Table(
        title=f"Group sizes for {100 * service_level:g}% on every queue", box=box.SIMPLE_HEAD
    )
    table.add_column("group")
    for header in ("per-queue Erlang", "found"):
        table.add_column(header, justify="right")
    for name, start, found in zip(
        result.groups, result.start.counts, result.best.counts, strict=True
    ):
        table.add_row(name, str(start), str(found))
    table.add_row("total", str(result.start.agents), str(result.best.agents), end_section=True)
    console.print(table)
    for name in result.best.service_levels:
        console.print(
            f"{name}: SL {_pct(result.start.service_levels[name])} at the start, "
            f"{_pct(result.best.service_levels[name])} found, "
            f"{_pct(result.check.service_levels[name])} with fresh seeds"
        )
    verdict = "meets" if result.meets_goal else "[red]does not meet[/]"
    console.print(f"{verdict} the goal after {result.runs} simulation runs")
