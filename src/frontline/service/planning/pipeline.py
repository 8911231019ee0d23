"""The closed planning loop: forecast → staffing → schedule → simulation, as one use case.

``run_plan`` takes a validated history (read by `frontline.adapters.timeseries_csv`), the
service goal and the shift catalogue, and returns every stage's record plus a row per interval
comparing what was required, what was scheduled and what the simulator says the schedule
delivers. Missed intervals (simulated service level below the goal) are where the plan needs
work before the agents find out. Each stage is timed; ``on_stage`` reports progress.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from frontline.service.planning.calendar import PlanCalendar
from frontline.service.planning.forecast_stage import ForecastStage, forecast_stage
from frontline.service.planning.report import IntervalRow, PlanTotals, ratio
from frontline.service.planning.roster_stage import roster_stage
from frontline.service.planning.schedule_stage import ScheduleStage, load_catalogue, schedule_stage
from frontline.service.planning.settings import RunSettings, ServiceGoal
from frontline.service.planning.sim_stage import SimulationStage, simulation_stage
from frontline.service.planning.staffing_stage import (
    StaffingStage,
    erlang_service_level,
    staffing_stage,
)
from frontline.wfm.forecast import History
from frontline.wfm.scheduling.roster_model import RosterResult

STAGES = ("forecast", "staffing", "schedule", "simulation")
StageProgress = Callable[[str, float], None]
"""Called with a stage name and the share of that stage done (0 when it starts, 1 at its end)."""


@dataclass(frozen=True)
class PlanResult:
    """Everything the loop produced, stage by stage, and the per-interval comparison."""

    goal: ServiceGoal
    forecast: ForecastStage
    staffing: StaffingStage
    schedule: ScheduleStage
    simulation: SimulationStage
    rows: tuple[IntervalRow, ...]
    totals: PlanTotals
    seconds: dict[str, float] = field(default_factory=dict)
    roster: RosterResult | None = None

    @property
    def calendar(self) -> PlanCalendar:
        return self.forecast.calendar


def run_plan(
    history: History,
    horizon_days: int,
    goal: ServiceGoal,
    shifts_document: Any,
    settings: RunSettings | None = None,
    on_stage: StageProgress | None = None,
    agents_document: Any = None,
) -> PlanResult:
    """Plan ``horizon_days`` open days after the history and check the plan by simulation.

    With ``agents_document`` (an ``AGENTS.yaml`` as loaded) the chosen shifts are also rostered,
    before the simulation, so a contract that cannot be honoured stops the plan early.
    """
    settings = settings or RunSettings()
    report = on_stage or (lambda _name, _share: None)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def finished(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = now - clock
        clock = now
        report(name, 1.0)

    report("forecast", 0.0)
    forecast = forecast_stage(history, horizon_days)
    calendar = forecast.calendar
    finished("forecast")
    report("staffing", 0.0)
    staffing = staffing_stage(forecast.mean, 60.0 * calendar.interval_minutes, goal)
    finished("staffing")
    report("schedule", 0.0)
    shifts = load_catalogue(shifts_document, calendar)
    schedule = schedule_stage(
        calendar,
        staffing.positions,
        shifts,
        time_limit_s=settings.schedule_time_limit_s,
        under_cost=settings.under_cost,
    )
    roster = None
    if agents_document is not None:
        roster = roster_stage(
            schedule, calendar.interval_minutes, agents_document, settings.schedule_time_limit_s
        )
    finished("schedule")
    report("simulation", 0.0)
    simulation = simulation_stage(
        calendar,
        forecast.mean.tolist(),
        schedule.result.lines,
        schedule.shifts_by_name,
        goal,
        seed=settings.seed,
        replications=settings.replications,
        progress=lambda share: report("simulation", share),
    )
    finished("simulation")
    rows = _rows(goal, forecast, staffing, schedule, simulation)
    totals = _totals(goal, forecast, staffing, schedule, simulation, rows)
    return PlanResult(goal, forecast, staffing, schedule, simulation, rows, totals, seconds, roster)


def _rows(
    goal: ServiceGoal,
    forecast: ForecastStage,
    staffing: StaffingStage,
    schedule: ScheduleStage,
    simulation: SimulationStage,
) -> tuple[IntervalRow, ...]:
    calendar = forecast.calendar
    scheduled = [
        schedule.result.scheduled[calendar.period_of_row(r)] for r in range(calendar.n_rows)
    ]
    erlang = erlang_service_level(
        forecast.mean, 60.0 * calendar.interval_minutes, goal, simulation.on_phones
    )
    tally = simulation.tally
    levels, asa, abandon = tally.service_levels(), tally.asa(), tally.abandon_rates()
    rows: list[IntervalRow] = []
    for r in range(calendar.n_rows):
        rows.append(
            IntervalRow(
                minute=calendar.minute_of_row(r),
                forecast=float(forecast.mean[r]),
                required_agents=int(staffing.agents[r]),
                required_positions=int(staffing.positions[r]),
                scheduled=int(scheduled[r]),
                on_phones=simulation.on_phones[r],
                erlang_sl=float(erlang[r]),
                offered=tally.offered[r] / simulation.replications,
                sim_sl=levels[r],
                sim_asa=asa[r],
                sim_abandon_rate=abandon[r],
                missed=not math.isnan(levels[r]) and levels[r] < goal.service_level,
            )
        )
    return tuple(rows)


def _totals(
    goal: ServiceGoal,
    forecast: ForecastStage,
    staffing: StaffingStage,
    schedule: ScheduleStage,
    simulation: SimulationStage,
    rows: tuple[IntervalRow, ...],
) -> PlanTotals:
    result = schedule.result
    tally = simulation.tally
    offered, answered = sum(tally.offered), sum(tally.answered)
    by_name = schedule.shifts_by_name
    paid = sum(count * len(by_name[name].periods) for name, count in result.counts.items())
    return PlanTotals(
        intervals=len(rows),
        missed_intervals=sum(row.missed for row in rows),
        short_intervals=sum(row.scheduled < row.required_positions for row in rows),
        forecast_contacts=float(np.sum(forecast.mean)),
        simulated_contacts=simulation.contacts,
        service_level=ratio(sum(tally.within), offered),
        asa=ratio(sum(tally.wait_s), answered),
        abandon_rate=ratio(sum(tally.abandoned), offered),
        schedule_status=result.status.value,
        schedule_cost=float(result.cost or 0.0),
        schedule_gap=result.gap,
        people=sum(result.counts.values()),
        paid_periods=paid,
        peak_required_agents=int(np.max(staffing.agents, initial=0)),
    )
