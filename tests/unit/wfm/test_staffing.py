"""Staffing: the published 80/20 example, minimality against plain loops, caps, shrinkage."""

from __future__ import annotations

import math

import numpy as np
import pytest

from frontline.wfm.erlang import (
    ErlangInputError,
    erlang_a_stats,
    positions_after_shrinkage,
    staff_for_service_level,
)

AHT = 180.0


def erlang_c_service_level(traffic: float, agents: int, target_in_aht: float) -> float:
    """Independent pure-Python Erlang C service level (recursion for B, then C from B)."""
    if traffic >= agents:
        return 0.0
    blocking = 1.0
    for k in range(1, agents + 1):
        blocking = traffic * blocking / (k + traffic * blocking)
    wait = blocking / (1 - traffic / agents * (1 - blocking))
    return 1 - wait * math.exp(-(agents - traffic) * target_in_aht)


def agents_by_plain_loop(traffic: float, goal: float, target_in_aht: float) -> int:
    agents = math.floor(traffic) + 1
    while erlang_c_service_level(traffic, agents, target_in_aht) < goal:
        agents += 1
    return agents


def test_published_eighty_twenty_example() -> None:
    result = staff_for_service_level(100 / 1800, AHT, 20, 0.8, shrinkage=0.3)
    assert int(result.agents) == 14
    assert int(result.positions) == 20
    assert float(result.stats.service_level) == pytest.approx(0.88835, abs=5e-6)
    assert float(result.stats.occupancy) == pytest.approx(0.7142857, abs=5e-8)


def test_matches_a_plain_loop_over_many_intervals() -> None:
    calls = np.random.default_rng(3).integers(1, 2500, size=400).astype(np.float64)
    for goal, target in ((0.8, 20.0), (0.95, 10.0), (0.5, 60.0), (0.9, 0.0)):
        result = staff_for_service_level(calls / 1800, AHT, target, goal)
        expected = [agents_by_plain_loop(c / 10, goal, target / AHT) for c in calls]
        np.testing.assert_array_equal(result.agents, expected)


def test_erlang_a_staffing_is_minimal() -> None:
    calls = np.random.default_rng(5).integers(1, 1500, size=200).astype(np.float64)
    result = staff_for_service_level(calls / 1800, AHT, 20, 0.8, patience=240)
    assert np.all(result.stats.service_level >= 0.8)
    fewer = np.maximum(result.agents - 1, 1)
    below = erlang_a_stats(calls / 1800, AHT, 240, fewer, 20).service_level
    assert np.all((below < 0.8) | (result.agents == 1))
    # With patience far above the 20 s target, abandonment only shortens the queue.
    erlang_c = staff_for_service_level(calls / 1800, AHT, 20, 0.8)
    assert np.all(result.agents <= erlang_c.agents)


def test_published_erlang_a_example_needs_thirteen_agents() -> None:
    result = staff_for_service_level(100 / 1800, AHT, 20, 0.8, patience=300)
    assert int(result.agents) == 13
    assert float(result.stats.service_level) >= 0.8
    twelve = erlang_a_stats(100 / 1800, AHT, 300, 12, 20)
    assert float(twelve.service_level) < 0.8


def test_occupancy_cap_adds_agents_only_when_it_binds() -> None:
    capped = staff_for_service_level(100 / 1800, AHT, 20, 0.8, max_occupancy=0.85)
    assert int(capped.agents) == 14  # 10 / 14 = 0.71 is already under the cap
    busy = staff_for_service_level(1836 / 1800, AHT, 20, 0.8, max_occupancy=0.85)
    assert int(busy.agents) == 216  # 183.6 Erlangs / 0.85 is exactly 216
    assert float(busy.stats.occupancy) == pytest.approx(0.85)
    erlang_a = staff_for_service_level(1836 / 1800, AHT, 20, 0.8, patience=300, max_occupancy=0.8)
    assert float(erlang_a.stats.occupancy) <= 0.8
    fewer = erlang_a_stats(1836 / 1800, AHT, 300, int(erlang_a.agents) - 1, 20)
    assert float(fewer.occupancy) > 0.8


def test_intervals_without_traffic_need_nobody() -> None:
    result = staff_for_service_level([0.0, 100 / 1800], AHT, 20, 0.8, shrinkage=0.3)
    np.testing.assert_array_equal(result.agents, [0, 14])
    np.testing.assert_array_equal(result.positions, [0, 20])
    assert result.stats.service_level[0] == 1.0
    erlang_a = staff_for_service_level([0.0], AHT, 20, 0.8, patience=300)
    np.testing.assert_array_equal(erlang_a.agents, [0])


def test_one_hundred_thousand_agents() -> None:
    result = staff_for_service_level(100_000 / AHT, AHT, 5, 0.95)
    agents = int(result.agents)
    assert 100_000 < agents < 101_000
    assert erlang_c_service_level(100_000.0, agents, 5 / AHT) >= 0.95
    assert erlang_c_service_level(100_000.0, agents - 1, 5 / AHT) < 0.95


@pytest.mark.parametrize(
    ("agents", "shrinkage", "positions"),
    [(14, 0.3, 20), (175, 0.3, 250), (7, 0.0, 7), (10, 0.35, 16), (0, 0.5, 0)],
)
def test_positions_after_shrinkage(agents: int, shrinkage: float, positions: int) -> None:
    assert int(positions_after_shrinkage(agents, shrinkage)) == positions


def test_positions_cover_the_agents_and_no_more() -> None:
    agents = np.arange(1, 400)
    for shrinkage in (0.1, 0.25, 0.3, 0.33, 0.45):
        positions = positions_after_shrinkage(agents, shrinkage)
        assert np.all(positions * (1 - shrinkage) >= agents - 1e-9)
        assert np.all((positions - 1) * (1 - shrinkage) < agents)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"service_level": 1.0}, "service level must be below 1"),
        ({"service_level": 1.5}, "service level must be between 0 and 1"),
        ({"shrinkage": 1.0}, "shrinkage must be below 1"),
        ({"shrinkage": -0.1}, "shrinkage must be between 0 and 1"),
        ({"max_occupancy": 0.0}, "max occupancy must be above 0"),
        ({"arrival_rate": -0.1}, "arrival rate must not be negative"),
        ({"patience": 0.0}, "patience must be greater than zero"),
    ],
)
def test_rejects_bad_input(kwargs: dict[str, float], message: str) -> None:
    arguments: dict[str, float] = {
        "arrival_rate": 100 / 1800,
        "aht": AHT,
        "target": 20,
        "service_level": 0.8,
    }
    arguments.update(kwargs)
    with pytest.raises(ErlangInputError, match=message):
        staff_for_service_level(**arguments)  # type: ignore[arg-type]
