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
from frontline.wfm.scheduling.selection import select_shifts
from frontline.wfm.scheduling.spec import parse_requirements, parse_shift_catalogue


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
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Choose how many people work each shift type to cover REQUIREMENTS at least cost."""
    try:
        required = parse_requirements(_read_csv(requirements))
        catalogue = parse_shift_catalogue(_read_yaml(shifts), len(required))
        problem = CoverageProblem(required, catalogue.shifts, under_cost, over_cost)
    except SchedulingInputError as exc:
        raise CliError(str(exc)) from None
    result = select_shifts(problem, time_limit=time_limit)
    if as_json:
        typer.echo(json.dumps(result_summary(result)))
    if result.status in (SelectionStatus.INFEASIBLE, SelectionStatus.UNKNOWN):
        raise CliError(f"{result.status.value}: {result.message}")
    _write_schedule(out, problem, result)
    if not as_json:
        typer.echo(_one_line(result))


def result_summary(result: SelectionResult) -> dict[str, Any]:
    """The JSON answer: status, cost, bounds and coverage per period."""
    short = result.short() if result.scheduled else ()
    over = result.over() if result.scheduled else ()
    periods = [
        {"period": p, "required": r, "scheduled": s}
        for p, (r, s) in enumerate(zip(result.required, result.scheduled, strict=True))
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
            "scheduled_total": sum(result.scheduled),
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
