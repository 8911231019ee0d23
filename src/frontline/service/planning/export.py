"""The plan as tables and JSON: what ``frontline plan`` writes to its output directory.

Pure formatting (strings and dicts), so the CLI, an API or a test can use it without files.
Timestamps are local wall-clock ISO times of the interval start, as in ``forecast.csv``.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from frontline.service.planning.multiskill import Evaluation, MultiSkillResult
from frontline.service.planning.pipeline import PlanResult
from frontline.service.planning.report import none_if_nan
from frontline.wfm.scheduling.periods import format_period_set
from frontline.wfm.scheduling.roster_model import RosterResult

_EPOCH = datetime(1970, 1, 1)
SIMULATION_COLUMNS = (
    "timestamp",
    "forecast",
    "required_agents",
    "required_positions",
    "scheduled",
    "on_phones",
    "erlang_sl",
    "offered",
    "simulated_sl",
    "asa",
    "abandon_rate",
    "missed",
)


def stamp(minute: int) -> str:
    """Local wall-clock ISO time of a minute since 1970-01-01."""
    return (_EPOCH + timedelta(minutes=minute)).isoformat()


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _num(value: float, digits: int = 4) -> str:
    return "" if math.isnan(value) else f"{value:.{digits}f}"


def staffing_csv(result: PlanResult) -> str:
    """Per interval: forecast, agents (Erlang), positions (after shrinkage), Erlang figures."""
    staffing = result.staffing
    return _table(
        ("timestamp", "forecast", "agents", "positions", "erlang_sl", "erlang_asa"),
        (
            (
                stamp(row.minute),
                f"{row.forecast:.2f}",
                row.required_agents,
                row.required_positions,
                _num(float(staffing.service_level[index])),
                _num(float(staffing.asa[index]), 2),
            )
            for index, row in enumerate(result.rows)
        ),
    )


def schedule_csv(result: PlanResult) -> str:
    """One line per group of people on the same shift with the same breaks."""
    calendar = result.calendar
    by_name = result.schedule.shifts_by_name
    rows = []
    for line in result.schedule.result.lines:
        shift = by_name[line.shift]
        start = calendar.minute_of_period(shift.periods[0])
        end = calendar.minute_of_period(shift.periods[-1]) + calendar.interval_minutes
        breaks = ";".join(
            f"{b.rule}={stamp(calendar.minute_of_period(b.periods[0]))[11:16]}" for b in line.breaks
        )
        periods = format_period_set(shift.periods)
        rows.append((line.shift, line.count, shift.cost, stamp(start), stamp(end), periods, breaks))
    return _table(("shift", "count", "cost", "start", "end", "periods", "breaks"), rows)


def simulation_csv(result: PlanResult) -> str:
    """Per interval: required, scheduled, on the phones, Erlang and simulated service."""
    return _table(
        SIMULATION_COLUMNS,
        (
            (
                stamp(r.minute),
                f"{r.forecast:.2f}",
                r.required_agents,
                r.required_positions,
                r.scheduled,
                r.on_phones,
                _num(r.erlang_sl),
                f"{r.offered:.2f}",
                _num(r.sim_sl),
                _num(r.sim_asa, 2),
                _num(r.sim_abandon_rate),
                int(r.missed),
            )
            for r in result.rows
        ),
    )


def roster_csv(result: PlanResult, roster: RosterResult) -> str:
    """One row per agent and shift worked, with the plan day's date."""
    days = result.calendar.days
    rows = []
    for a in sorted(roster.assignments, key=lambda a: (a.agent, a.start)):
        day_index = a.start // 1440
        shift_by = (days[day_index] - day_index) * 1440  # grid day -> calendar day
        rows.append(
            (a.agent, a.shift, day_index, stamp(shift_by + a.start), stamp(shift_by + a.end))
        )
    return _table(("agent", "shift", "day", "start", "end"), rows)


def plan_summary(result: PlanResult) -> dict[str, Any]:
    """JSON-ready totals, stage times and the missed intervals."""
    totals = result.totals
    goal = result.goal
    summary: dict[str, Any] = {
        "days": [stamp(d * 1440)[:10] for d in result.calendar.days],
        "interval_minutes": result.calendar.interval_minutes,
        "window": result.calendar.window_text(),
        "forecast_method": result.forecast.method,
        "model": "erlang_a" if goal.patience_s is not None else "erlang_c",
        "goal": {"target_s": goal.target_s, "service_level": goal.service_level},
        "totals": {name: getattr(totals, name) for name in totals.__dataclass_fields__},
        "seconds": {name: round(value, 3) for name, value in result.seconds.items()},
        "missed": [
            {
                "timestamp": stamp(r.minute),
                "required_positions": r.required_positions,
                "scheduled": r.scheduled,
                "on_phones": r.on_phones,
                "simulated_sl": none_if_nan(r.sim_sl),
                "asa": none_if_nan(r.sim_asa),
                "abandon_rate": none_if_nan(r.sim_abandon_rate),
            }
            for r in result.rows
            if r.missed
        ],
    }
    roster = result.roster
    if roster is not None:
        summary["roster"] = {
            "assignments": len(roster.assignments),
            "unfilled": roster.unfilled,
            "reasons": roster.reasons,
            "preference_cost": roster.preference_cost,
        }
    return summary


def multiskill_summary(result: MultiSkillResult) -> dict[str, Any]:
    """JSON-ready answer of the multi-skill search."""

    def evaluation(e: Evaluation) -> dict[str, Any]:
        return {
            "counts": dict(zip(result.groups, e.counts, strict=True)),
            "agents": e.agents,
            "service_levels": e.service_levels,
        }

    return {
        "goal": result.goal,
        "meets_goal": result.meets_goal,
        "erlang_agents_per_queue": result.erlang_agents,
        "start": evaluation(result.start),
        "found": evaluation(result.best),
        "check_fresh_seeds": evaluation(result.check),
        "simulation_runs": result.runs,
    }
