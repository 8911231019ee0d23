"""Erlang A: published example, a brute-force Markov-chain oracle, limits and large centres."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.linalg import solve
from scipy.sparse.linalg import expm_multiply

from frontline.wfm.erlang import ErlangInputError, erlang_a_stats, erlang_c_stats

RATE = 100 / 1800
AHT = 180.0


def erlang_a_by_markov_chain(
    rate: float, aht: float, patience: float, agents: int, target: float, depth: int = 400
) -> dict[str, float]:
    """Truncated birth-death chain plus the tagged caller's absorbing chain.

    The tagged caller with ``i`` callers ahead moves up at rate nμ + iθ, is served from the
    head of the line at rate nμ and abandons at rate θ. Absorption probabilities, mean
    absorption time and the action of a matrix exponential give P(served), E[wait; served] and
    P(served within T) for every starting position; the stationary distribution weights
    them. No incomplete gamma function anywhere, so it checks the closed forms end to end.
    """
    mu, theta = 1 / aht, 1 / patience
    log_weight = [0.0]
    for k in range(1, agents + depth + 1):
        leaving = min(k, agents) * mu + max(k - agents, 0) * theta
        log_weight.append(log_weight[-1] + math.log(rate / leaving))
    weights = np.exp(np.array(log_weight) - max(log_weight))
    stationary = weights / weights.sum()
    ahead = np.arange(depth + 1)
    generator = np.diag(-(agents * mu + ahead * theta + theta))
    generator[ahead[1:], ahead[1:] - 1] = agents * mu + ahead[1:] * theta
    to_service = np.zeros(depth + 1)
    to_service[0] = agents * mu
    served = solve(-generator, to_service)
    wait_if_served = solve(-generator, served)
    extended = np.zeros((depth + 2, depth + 2))
    extended[: depth + 1, : depth + 1] = generator
    extended[: depth + 1, depth + 1] = to_service
    absorbed = np.zeros(depth + 2)
    absorbed[depth + 1] = 1.0  # exp(G T) applied to the indicator of "served"
    served_in_time = expm_multiply(extended * target, absorbed)[: depth + 1]
    queued = stationary[agents:]
    p_abandon = float(queued @ (1 - served))
    return {
        "p_wait": float(queued.sum()),
        "p_abandon": p_abandon,
        "service_level": float(stationary[:agents].sum() + queued @ served_in_time),
        "asa": float(queued @ wait_if_served) / (1 - p_abandon),
        "occupancy": rate * aht * (1 - p_abandon) / agents,
    }


def test_published_example() -> None:
    stats = erlang_a_stats(RATE, AHT, 300, 14, 20)
    assert float(stats.p_wait) == pytest.approx(0.14526, abs=5e-6)
    assert float(stats.p_abandon) == pytest.approx(0.013984, abs=5e-7)
    assert float(stats.occupancy) == pytest.approx(0.704297, abs=5e-7)
    assert float(stats.service_level) == pytest.approx(0.916792, abs=5e-7)
    assert bool(stats.stable)


@pytest.mark.parametrize(
    ("rate", "aht", "patience", "agents", "target"),
    [
        (RATE, AHT, 300.0, 14, 20.0),
        (RATE, AHT, 300.0, 6, 20.0),  # overloaded: 10 Erlangs on 6 agents
        (RATE, AHT, 60.0, 10, 30.0),
        (2 / 60, 240.0, 120.0, 3, 15.0),
        (1 / 30, 300.0, 1000.0, 1, 60.0),
        (0.5, 30.0, 45.0, 12, 0.0),
    ],
)
def test_agrees_with_the_markov_chain(
    rate: float, aht: float, patience: float, agents: int, target: float
) -> None:
    expected = erlang_a_by_markov_chain(rate, aht, patience, agents, target)
    stats = erlang_a_stats(rate, aht, patience, agents, target)
    for name, value in expected.items():
        assert float(getattr(stats, name)) == pytest.approx(value, rel=1e-8), name


def test_tends_to_erlang_c_as_callers_become_infinitely_patient() -> None:
    agents = np.arange(11, 25)
    c = erlang_c_stats(RATE, AHT, agents, 20)
    a = erlang_a_stats(RATE, AHT, 1e9, agents, 20)
    for name in ("p_wait", "service_level", "asa", "occupancy"):
        np.testing.assert_allclose(getattr(a, name), getattr(c, name), rtol=1e-5)
    assert np.all(a.p_abandon < 1e-6)


def test_more_agents_answer_more_and_lose_fewer() -> None:
    stats = erlang_a_stats(RATE, AHT, 120, np.arange(1, 30), 20)
    assert np.all(np.diff(stats.service_level) > 0)
    assert np.all(np.diff(stats.p_abandon) < 0)
    assert np.all(np.diff(stats.p_wait) < 0)
    np.testing.assert_allclose(
        stats.occupancy, 10 * (1 - stats.p_abandon) / np.arange(1, 30), rtol=1e-14
    )


def test_quality_and_efficiency_driven_regime_at_one_hundred_thousand_agents() -> None:
    """Garnett, Mandelbaum & Reiman (2002): with β = (n - A)/√A and h the normal hazard,
    P(wait) -> [1 + √(θ/μ) h(β √(μ/θ)) / h(-β)]^-1 as the centre grows."""
    traffic, agents, patience = 100_000.0, 100_300, 360.0
    stats = erlang_a_stats(traffic / AHT, AHT, patience, agents, 20)

    def hazard(x: float) -> float:
        return math.exp(-x * x / 2) / math.sqrt(2 * math.pi) / (0.5 * math.erfc(x / math.sqrt(2)))

    beta, ratio = (agents - traffic) / math.sqrt(traffic), AHT / patience  # θ/μ
    limit = 1 / (1 + math.sqrt(ratio) * hazard(beta / math.sqrt(ratio)) / hazard(-beta))
    assert float(stats.p_wait) == pytest.approx(limit, abs=5e-3)
    for name in ("p_wait", "p_abandon", "service_level", "occupancy"):
        assert 0.0 < float(getattr(stats, name)) < 1.0
    assert 0.0 < float(stats.asa) < AHT


def test_no_traffic_means_no_waiting() -> None:
    stats = erlang_a_stats([0.0, RATE], AHT, 300, 14, 20)
    assert stats.p_wait[0] == 0.0
    assert stats.service_level[0] == 1.0
    assert stats.asa[0] == 0.0
    assert stats.p_abandon[0] == 0.0
    assert stats.p_wait[1] == pytest.approx(0.14526, abs=5e-6)


@pytest.mark.parametrize(
    ("patience", "agents", "message"),
    [
        (0.0, 14, "patience must be greater than zero"),
        (-3.0, 14, "patience must be greater than zero"),
        (300.0, 0, "agents must be at least 1"),
    ],
)
def test_rejects_bad_input(patience: float, agents: int, message: str) -> None:
    with pytest.raises(ErlangInputError, match=message):
        erlang_a_stats(RATE, AHT, patience, agents, 20)
