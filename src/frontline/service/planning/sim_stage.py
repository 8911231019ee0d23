"""Stage 4: play the schedule against the forecast traffic in the simulator, per interval.

Every open stretch (see `calendar`) is one simulator run: one queue whose Poisson arrivals
have the forecast rate in each interval, exponential handle times with the plan's AHT,
exponential patience when one is given (never abandoning otherwise, as Erlang C assumes),
and the scheduled people as agent groups (`sim_roster`). Several seeded replications are
pooled; the counts per interval come from the routing engine's own events
(`interval_tally`). Each (replication, stretch) run gets its own stream from one
``SeedSequence``, so the whole plan is repeatable from the seed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from frontline.service.planning.calendar import OpenStretch, PlanCalendar
from frontline.service.planning.interval_tally import IntervalTally
from frontline.service.planning.settings import ServiceGoal
from frontline.service.planning.sim_roster import SKILL, agents_on_duty, groups_for_stretch
from frontline.sim.arrivals import ArrivalProfile
from frontline.sim.distributions import Exponential, Never
from frontline.sim.runner import simulate
from frontline.sim.scenario import AgentGroupSpec, QueueSpec, Scenario
from frontline.wfm.scheduling import ScheduledLine, ShiftType

QUEUE = "calls"
Progress = Callable[[float], None]
"""Called with the share of simulation work done (0 to 1)."""


@dataclass(frozen=True)
class SimulationStage:
    """Pooled per-row results and the agents actually on the phones per row (after breaks
    and shrinkage), plus how many contacts were simulated in all."""

    tally: IntervalTally
    on_phones: tuple[int, ...]
    contacts: int
    replications: int


def stretch_scenario(
    calendar: PlanCalendar,
    stretch: OpenStretch,
    contacts: Sequence[float],
    groups: tuple[AgentGroupSpec, ...],
    goal: ServiceGoal,
) -> Scenario:
    """The simulator scenario of one open stretch."""
    per_hour = 60.0 / calendar.interval_minutes
    rows = range(stretch.first_row, stretch.first_row + stretch.rows)
    queue = QueueSpec(
        name=QUEUE,
        required_skills={SKILL: 1},
        arrivals=ArrivalProfile(
            60.0 * calendar.interval_minutes, tuple(float(contacts[r]) * per_hour for r in rows)
        ),
        handle_time=Exponential(goal.aht_s),
        sl_threshold_s=goal.target_s,
        patience=Never() if goal.patience_s is None else Exponential(goal.patience_s),
    )
    return Scenario(60.0 * calendar.interval_minutes * stretch.rows, (queue,), groups)


def simulation_stage(
    calendar: PlanCalendar,
    contacts: Sequence[float],
    lines: Sequence[ScheduledLine],
    shifts: dict[str, ShiftType],
    goal: ServiceGoal,
    *,
    seed: int = 0,
    replications: int = 3,
    progress: Progress | None = None,
) -> SimulationStage:
    """Simulate every stretch ``replications`` times and pool the counts per row."""
    tally = IntervalTally(calendar.n_rows)
    interval_s = 60.0 * calendar.interval_minutes
    stretches = calendar.stretches()
    on_phones = [0] * calendar.n_rows
    scenarios: list[tuple[OpenStretch, Scenario]] = []
    for stretch in stretches:
        groups = groups_for_stretch(calendar, stretch, lines, shifts, goal.shrinkage)
        scenarios.append((stretch, stretch_scenario(calendar, stretch, contacts, groups, goal)))
        starts = [k * interval_s + interval_s / 2 for k in range(stretch.rows)]
        for k, count in enumerate(agents_on_duty(groups, starts)):
            on_phones[stretch.first_row + k] = count
    total_work = sum(s.rows for s in stretches) * replications
    done = 0
    simulated = 0
    streams = np.random.SeedSequence(seed).spawn(replications * len(scenarios))
    for replication in range(replications):
        for index, (stretch, scenario) in enumerate(scenarios):
            stream = streams[replication * len(scenarios) + index]
            run_seed = int(stream.generate_state(1, dtype=np.uint32)[0])
            recorder = tally.recorder(stretch.first_row, stretch.rows, interval_s, goal.target_s)
            simulated += simulate(scenario, run_seed, trace=recorder).contacts
            done += stretch.rows
            if progress is not None:
                progress(done / total_work)
    return SimulationStage(tally, tuple(on_phones), simulated, replications)
