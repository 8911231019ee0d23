"""Erlang C: the published 100 calls / 30 min example, the factorial formula, instability."""

from __future__ import annotations

import math

import numpy as np
import pytest

from frontline.wfm.erlang import ErlangInputError, erlang_b, erlang_c, erlang_c_stats

RATE = 100 / 1800  # 100 calls per half hour
AHT = 180.0


def erlang_c_by_factorials(traffic: float, agents: int) -> float:
    """The textbook formula with explicit sums (fine for small n): an independent oracle."""
    head = sum(traffic**k / math.factorial(k) for k in range(agents))
    tail = traffic**agents / math.factorial(agents) * agents / (agents - traffic)
    return tail / (head + tail)


def test_published_example_with_fourteen_agents() -> None:
    stats = erlang_c_stats(RATE, AHT, 14, 20)
    assert float(stats.traffic) == pytest.approx(10.0)
    assert float(stats.p_wait) == pytest.approx(0.1741319, abs=5e-8)
    assert float(stats.service_level) == pytest.approx(0.88835, abs=5e-6)
    assert float(stats.asa) == pytest.approx(7.836, abs=5e-4)
    assert float(stats.occupancy) == pytest.approx(0.7142857, abs=5e-8)
    assert float(stats.p_abandon) == 0.0
    assert bool(stats.stable)


def test_published_example_with_eleven_agents() -> None:
    assert float(erlang_c(10.0, 11)) == pytest.approx(0.6821182, abs=5e-8)


@pytest.mark.parametrize("agents", [1, 2, 3, 7, 12, 20, 40])
@pytest.mark.parametrize("traffic", [0.3, 0.95, 5.5, 11.0])
def test_agrees_with_the_factorial_formula(traffic: float, agents: int) -> None:
    if traffic >= agents:
        assert float(erlang_c(traffic, agents)) == 1.0
    else:
        expected = erlang_c_by_factorials(traffic, agents)
        assert float(erlang_c(traffic, agents)) == pytest.approx(expected, rel=1e-12)


def test_service_level_and_asa_follow_their_definitions() -> None:
    agents = np.arange(11, 30)
    stats = erlang_c_stats(RATE, AHT, agents, 20)
    wait = erlang_c(10.0, agents)
    np.testing.assert_allclose(stats.p_wait, wait, rtol=1e-14)
    np.testing.assert_allclose(
        stats.service_level, 1 - wait * np.exp(-(agents - 10.0) * 20 / AHT), rtol=1e-14
    )
    np.testing.assert_allclose(stats.asa, wait * AHT / (agents - 10.0), rtol=1e-14)
    assert np.all(np.diff(stats.service_level) > 0)
    assert np.all(np.diff(stats.asa) < 0)


def test_waiting_is_at_least_as_likely_as_blocking() -> None:
    agents = np.arange(1, 200)
    assert np.all(erlang_c(60.0, agents) >= erlang_b(60.0, agents))


def test_unstable_intervals_get_the_documented_limits() -> None:
    stats = erlang_c_stats(RATE, AHT, [9, 10, 14], 20)
    np.testing.assert_array_equal(stats.stable, [False, False, True])
    np.testing.assert_array_equal(stats.p_wait[:2], [1.0, 1.0])
    np.testing.assert_array_equal(stats.service_level[:2], [0.0, 0.0])
    np.testing.assert_array_equal(stats.asa[:2], [np.inf, np.inf])
    np.testing.assert_array_equal(stats.occupancy[:2], [1.0, 1.0])


def test_no_traffic_means_no_waiting() -> None:
    stats = erlang_c_stats(0.0, AHT, 3, 20)
    assert float(stats.p_wait) == 0.0
    assert float(stats.service_level) == 1.0
    assert float(stats.asa) == 0.0
    assert float(stats.occupancy) == 0.0


def test_a_large_centre_matches_the_recursion_and_halfin_whitt() -> None:
    traffic, agents = 100_000.0, 100_400
    blocking = 1.0
    for k in range(1, agents + 1):  # Erlang B recursion, then C from B
        blocking = traffic * blocking / (k + traffic * blocking)
    exact = blocking / (1 - traffic / agents * (1 - blocking))
    stats = erlang_c_stats(traffic / 180, 180, agents, 20)
    assert float(stats.p_wait) == pytest.approx(exact, rel=1e-9)
    # Halfin & Whitt (1981): P(wait) -> 1 / (1 + β Φ(β) / φ(β)) with β = (n - A) / √A.
    beta = (agents - traffic) / math.sqrt(traffic)
    cdf = 0.5 * (1 + math.erf(beta / math.sqrt(2)))
    pdf = math.exp(-beta * beta / 2) / math.sqrt(2 * math.pi)
    assert float(stats.p_wait) == pytest.approx(1 / (1 + beta * cdf / pdf), abs=5e-3)
    assert float(stats.asa) == pytest.approx(exact * 180 / 400, rel=1e-9)


def test_vector_inputs_broadcast_per_interval() -> None:
    stats = erlang_c_stats(np.array([[50.0], [100.0]]) / 1800, AHT, [14, 20], 20)
    assert stats.p_wait.shape == (2, 2)
    assert float(stats.p_wait[1, 0]) == pytest.approx(0.1741319, abs=5e-8)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"arrival_rate": -1.0}, "arrival rate must not be negative"),
        ({"aht": 0.0}, "aht must be greater than zero"),
        ({"agents": 0}, "agents must be at least 1"),
        ({"target": -5.0}, "target must not be negative"),
        ({"aht": float("inf")}, "aht must be a finite number"),
    ],
)
def test_rejects_bad_input(kwargs: dict[str, float], message: str) -> None:
    arguments: dict[str, float] = {"arrival_rate": RATE, "aht": AHT, "agents": 14, "target": 20}
    arguments.update(kwargs)
    with pytest.raises(ErlangInputError, match=message):
        erlang_c_stats(**arguments)
