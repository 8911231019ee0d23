"""Stage 4: the simulated schedule meets the goal when staffing is generous, misses it when
short, and agrees with Erlang C where Erlang C is exact (a steady single queue)."""

from __future__ import annotations

import math

import pytest

from frontline.service.planning.calendar import PlanCalendar
from frontline.service.planning.settings import ServiceGoal
from frontline.service.planning.sim_stage import SimulationStage, simulation_stage
from frontline.wfm.scheduling import ScheduledLine, ShiftType

MONDAY = 12352
GOAL = ServiceGoal(aht_s=180, target_s=20, service_level=0.8)


def run(
    agents: int, *, days: int = 1, replications: int = 2, seed: int = 0, goal: ServiceGoal = GOAL
) -> SimulationStage:
    """A day 09:00-17:00 with 100 calls per half hour (10 Erlangs) and ``agents`` all day."""
    calendar = PlanCalendar(tuple(MONDAY + k for k in range(days)), 9 * 60, 16, 30)
    shifts = {
        f"d{k}": ShiftType(f"d{k}", tuple(range(48 * k + 18, 48 * k + 34)), 8) for k in range(days)
    }
    lines = [ScheduledLine(name, agents) for name in shifts]
    contacts = [100.0] * calendar.n_rows
    return simulation_stage(
        calendar, contacts, lines, shifts, goal, seed=seed, replications=replications
    )


def pooled_sl(stage: SimulationStage) -> float:
    return sum(stage.tally.within) / sum(stage.tally.offered)


def test_generous_staffing_meets_the_goal_in_every_interval() -> None:
    stage = run(20)
    levels = stage.tally.service_levels()
    assert len(levels) == 16 and min(levels) >= 0.9
    assert stage.on_phones == (20,) * 16
    assert abs(sum(stage.tally.offered) / 2 - 1600) < 5 * math.sqrt(1600)


def test_short_staffing_misses_the_goal() -> None:
    stage = run(11)  # Erlang C: P(wait) 0.68, SL about 0.47
    assert pooled_sl(stage) < 0.65
    assert sum(level < 0.8 for level in stage.tally.service_levels()) >= 12


def test_steady_queue_agrees_with_erlang_c() -> None:
    # 14 agents, 10 Erlangs: Erlang C SL(20 s) = 0.88835, ASA 7.84 s (docs/guides/erlang.md).
    stage = run(14, days=3, replications=2)
    assert pooled_sl(stage) == pytest.approx(0.888, abs=0.03)
    asa = sum(stage.tally.wait_s) / sum(stage.tally.answered)
    assert asa == pytest.approx(7.84, abs=2.5)
    assert sum(stage.tally.abandoned) == 0


def test_patience_makes_callers_abandon_and_the_run_repeats_from_its_seed() -> None:
    patient = ServiceGoal(aht_s=180, target_s=20, service_level=0.8, patience_s=120)
    first = run(9, goal=patient, replications=1, seed=7)
    again = run(9, goal=patient, replications=1, seed=7)
    assert first.tally == again.tally
    rate = sum(first.tally.abandoned) / sum(first.tally.offered)
    assert 0.05 < rate < 0.4  # 9 agents for 10 Erlangs: Erlang A stable, many hang up
    assert run(9, goal=patient, replications=1, seed=8).tally != first.tally
