"""``frontline schedule``: choose shifts for a requirement curve (and optionally roster agents).

This module only reads and writes files; the model and its checks live in
``frontline.wfm.scheduling`` so that every bad-input message names the row or rule at fault.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from frontline.entrypoints.cli.errors import CliError
from frontline.wfm.scheduling import (
    CoverageProblem,
    SchedulingInputError,
    SelectionResult,
    SelectionStatus,
)
from frontline.wfm.scheduling.periods import format_period_set
from frontline.wfm.scheduling.roster import build_roster
from frontline.wfm.scheduling.roster_spec import parse_agents, shifts_to_roster
from frontline.wfm.scheduling.selection import select_shifts
from frontline.wfm.scheduling.spec import (
    ShiftCatalogue,
    parse_requirements,
    parse_shift_catalogue,
)


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the main app."""
    app.command("schedule")(schedule)


def schedule(
    requirements: Annotated[Path, typer.Argument(help="CSV with columns period,required.")],
    shifts: Annotated[Path, typer.Option("--shifts", help="YAML listing shift types.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the schedule CSV.")],
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.1, help="Seconds for the solver.")
    ] = 60.0,
    under_cost: Annotated[
        float | None,
        typer.Option("--under-cost", help="Allow understaffing at this cost per person-period."),
    ] = None,
    over_cost: Annotated[
        float, typer.Option("--over-cost", min=0.0, help="Cost per person-period over need.")
    ] = 0.0,
    agents: Annotated[
        Path | None, typer.Option("--agents", help="YAML of agents to roster onto the plan.")
    ] = None,
    roster_out: Annotated[
        Path | None, typer.Option("--roster-out", help="Where to write the roster CSV.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Choose how many people work each shift type to cover REQUIREMENTS at least cost."""
    try:
        required = parse_requirements(_read_csv(requirements))
        catalogue = parse_shift_catalogue(_read_yaml(shifts), len(required))
        problem = CoverageProblem(required, catalogue.shifts, under_cost, over_cost)
    except SchedulingInputError as exc:
        raise CliError(str(exc)) from None
    if (agents is None) != (roster_out is None):
        raise CliError("--agents and --roster-out go together")
    result = select_shifts(problem, time_limit=time_limit)
    summary = result_summary(result)
    failed = result.status in (SelectionStatus.INFEASIBLE, SelectionStatus.UNKNOWN)
    if not failed:
        _write_schedule(out, problem, result)
        if agents is not None and roster_out is not None:
            summary["roster"] = _roster(agents, roster_out, problem, result, catalogue, time_limit)
    if as_json:
        typer.echo(json.dumps(summary))
    if failed:
        raise CliError(f"{result.status.value}: {result.message}")
    if not as_json:
        typer.echo(_one_line(result))
        if "roster" in summary:
            typer.echo(f"roster: {summary['roster']['message']}")


def _roster(
    agents_path: Path,
    out: Path,
    problem: CoverageProblem,
    result: SelectionResult,
    catalogue: ShiftCatalogue,
    time_limit: float,
) -> dict[str, Any]:
    if catalogue.period_minutes is None:
        raise CliError("rostering needs period_minutes in the shifts file")
    try:
        agents = parse_agents(_read_yaml(agents_path))
        seats = shifts_to_roster(problem, result, catalogue.period_minutes)
        roster = build_roster(agents, seats, time_limit=time_limit)
    except SchedulingInputError as exc:
        raise CliError(str(exc)) from None
    try:
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["agent", "shift", "day", "start", "end"])
            for a in sorted(roster.assignments, key=lambda a: (a.agent, a.start)):
                writer.writerow([a.agent, a.shift, a.start // 1440, _clock(a.start), _clock(a.end)])
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror}") from None
    unfilled = sum(roster.unfilled.values())
    return {
        "assignments": len(roster.assignments),
        "unfilled": roster.unfilled,
        "reasons": roster.reasons,
        "preference_cost": roster.preference_cost,
        "message": f"{len(roster.assignments)} assignments, {unfilled} seats unfilled, "
        f"{roster.preference_cost:g} wishes broken",
    }


def _clock(minute: int) -> str:
    return f"{minute % 1440 // 60:02d}:{minute % 60:02d}"


def result_summary(result: SelectionResult) -> dict[str, Any]:
    """The JSON answer: status, cost, bounds and coverage per period."""
    short = result.short() if result.scheduled else ()
    over = result.over() if result.scheduled else ()
    scheduled: tuple[int | None, ...] = result.scheduled or (None,) * len(result.required)
    periods = [
        {"period": p, "required": r, "scheduled": s}
        for p, (r, s) in enumerate(zip(result.required, scheduled, strict=True))
    ]
    return {
        "status": result.status.value,
        "cost": result.cost,
        "shift_cost": result.shift_cost,
        "lower_bound": result.lower_bound,
        "lp_bound": result.lp_bound,
        "gap": result.gap,
        "seconds": round(result.seconds, 3),
        "message": result.message,
        "uncoverable_periods": list(result.uncoverable),
        "people": sum(result.counts.values()),
        "counts": {name: n for name, n in result.counts.items() if n},
        "coverage": {
            "required_total": sum(result.required),
            "scheduled_total": sum(result.scheduled) if result.scheduled else None,
            "short_total": sum(short),
            "over_total": sum(over),
            "short_periods": [p for p, s in enumerate(short) if s],
            "periods": periods,
        },
    }


def _one_line(result: SelectionResult) -> str:
    short = sum(result.short())
    return (
        f"{result.status.value}: cost {result.cost:g} (lower bound {result.lower_bound}, "
        f"gap {result.gap or 0.0:.2%}), {sum(result.counts.values())} people, "
        f"{short} person-periods short"
    )


def _write_schedule(path: Path, problem: CoverageProblem, result: SelectionResult) -> None:
    by_name = {shift.name: shift for shift in problem.shifts}
    try:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["shift", "count", "cost", "periods", "breaks"])
            for line in result.lines:
                shift = by_name[line.shift]
                breaks = ";".join(f"{b.rule}={format_period_set(b.periods)}" for b in line.breaks)
                writer.writerow(
                    [line.shift, line.count, shift.cost, format_period_set(shift.periods), breaks]
                )
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror}") from None


def _read_csv(path: Path) -> list[dict[str, str | None]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            rows: list[dict[str, str | None]] = [dict(row) for row in reader]
            header = reader.fieldnames or []
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from None
    if "period" not in header or "required" not in header:
        raise CliError(f"{path}: the header must name the columns period,required")
    return rows


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise CliError(f"{path} is not valid YAML: {exc}".replace("\n", " ")) from None
