"""Multi-skill staffing by simulation: pooled agents need fewer than per-queue Erlang says."""

from __future__ import annotations

import pytest

from frontline.service.planning.errors import PlanningError
from frontline.service.planning.multiskill import erlang_start, search_group_sizes
from frontline.sim.scenario import Scenario
from frontline.sim.scenario_files import load_scenario_text
from frontline.wfm.erlang import staff_for_service_level

CALLS = "arrivals: {rate_per_hour: %d}, handle_time: {distribution: exponential, mean_s: 180}"


def scenario(queues: list[str], agents: list[str]) -> Scenario:
    lines = ["duration_s: 28800", "queues:", *(f"  - {q}" for q in queues), "agents:"]
    return load_scenario_text("\n".join([*lines, *(f"  - {a}" for a in agents)]))


def two_languages(english: int, spanish: int, agents: list[str]) -> Scenario:
    return scenario(
        [
            "{name: english, required_skills: {english: 1}, " + CALLS % english + "}",
            "{name: spanish, required_skills: {spanish: 1}, " + CALLS % spanish + "}",
        ],
        agents,
    )


def test_one_pooled_group_needs_what_erlang_c_gives_for_the_combined_load() -> None:
    pooled = two_languages(200, 200, ["{name: both, count: 1, skills: {english: 1, spanish: 1}}"])
    result = search_group_sizes(pooled, 0.8, replications=2, seed=0)
    assert result.erlang_agents == {"english": 14, "spanish": 14}
    assert result.start.counts == (28,)
    combined = int(staff_for_service_level(400 / 3600, 180, 20, 0.8).agents)
    assert combined == 24  # two 10-Erlang queues pooled: 20 Erlangs
    assert result.meets_goal
    assert abs(result.best.agents - combined) <= 1
    assert result.best.agents < result.start.agents
    assert min(result.check.service_levels.values()) > 0.72  # fresh seeds, at the boundary


def test_specialists_and_a_bilingual_team_need_fewer_agents_than_per_queue_erlang() -> None:
    mixed = two_languages(
        300,
        100,
        [
            "{name: english_only, count: 1, skills: {english: 1}}",
            "{name: spanish_only, count: 1, skills: {spanish: 1}}",
            "{name: bilingual, count: 1, skills: {english: 1, spanish: 1}}",
        ],
    )
    result = search_group_sizes(mixed, 0.8, replications=2, seed=1, max_runs=120)
    english = int(staff_for_service_level(300 / 3600, 180, 20, 0.8).agents)
    spanish = int(staff_for_service_level(100 / 3600, 180, 20, 0.8).agents)
    assert (
        result.erlang_agents
        == {"english": english, "spanish": spanish}
        == {
            "english": 19,
            "spanish": 8,
        }
    )
    assert result.start.counts == (10, 4, 14)  # each queue split over the groups serving it
    assert result.meets_goal and min(result.best.service_levels.values()) >= 0.8
    assert result.best.agents <= result.start.agents - 2
    assert result.runs <= 120 + 2


def test_breaks_the_formula_ignores_are_repaired_by_adding_agents() -> None:
    with_breaks = scenario(
        ["{name: support, required_skills: {support: 1}, " + CALLS % 200 + "}"],
        [
            "{name: team, count: 1, skills: {support: 1},"
            " breaks: [{start_s: 1800, duration_s: 5400, spread_s: 21600}]}"
        ],
    )
    result = search_group_sizes(with_breaks, 0.8, replications=2, seed=0)
    assert result.start.counts == (14,) and result.start.service_levels["support"] < 0.7
    assert result.meets_goal and result.best.agents > 14


def test_the_target_option_overrides_queue_thresholds_and_runs_are_bounded() -> None:
    single = scenario(
        ["{name: support, required_skills: {support: 1}, " + CALLS % 200 + "}"],
        ["{name: team, count: 1, skills: {support: 1}}"],
    )
    slower = search_group_sizes(single, 0.8, target_s=60, replications=1, max_runs=3)
    assert slower.erlang_agents == {
        "support": int(staff_for_service_level(200 / 3600, 180, 60, 0.8).agents)
    }
    assert slower.runs <= 3 + 1
    assert erlang_start(single, {"support": 20.0}, 0.8) == (14,)
    with pytest.raises(PlanningError, match="service level must be between 0 and 1"):
        search_group_sizes(single, 1.2)
