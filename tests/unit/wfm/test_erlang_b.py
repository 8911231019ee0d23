"""Erlang B: published table values, the textbook recursion as oracle, extreme sizes."""

from __future__ import annotations

import numpy as np
import pytest

from frontline.wfm.erlang import ErlangInputError, erlang_b


def erlang_b_by_recursion(traffic: float, agents: int) -> float:
    """B(k) = A B(k-1) / (k + A B(k-1)), B(0) = 1: stable, O(n), independent of scipy."""
    blocking = 1.0
    for k in range(1, agents + 1):
        blocking = traffic * blocking / (k + traffic * blocking)
    return blocking


@pytest.mark.parametrize(
    ("traffic", "agents", "published"),
    [
        (4.461, 10, 0.01),  # Erlang B table: 10 circuits carry 4.461 Erlangs at 1 % loss
        (5.084, 10, 0.02),  # ... and 5.084 Erlangs at 2 % loss
        (1.0, 2, 0.2),  # (1/2) / (1 + 1 + 1/2)
        (2.0, 1, 2.0 / 3.0),  # one server: A / (1 + A)
    ],
)
def test_matches_published_values(traffic: float, agents: int, published: float) -> None:
    assert float(erlang_b(traffic, agents)) == pytest.approx(published, abs=5e-6)


def test_agrees_with_recursion_on_a_grid() -> None:
    loads = np.array([0.05, 0.7, 3.0, 9.5, 25.0, 80.0, 150.0, 400.0])
    counts = np.array([1, 2, 5, 10, 30, 60, 100, 160, 300, 500])
    grid_load, grid_agents = np.meshgrid(loads, counts)
    ours = erlang_b(grid_load, grid_agents)
    assert ours.shape == grid_load.shape
    for a, n, value in zip(grid_load.ravel(), grid_agents.ravel(), ours.ravel(), strict=True):
        expected = erlang_b_by_recursion(float(a), int(n))
        assert value == pytest.approx(expected, rel=1e-11, abs=1e-300)


@pytest.mark.parametrize("traffic", [95_000.0, 100_000.0, 100_500.0])
def test_stays_exact_at_one_hundred_thousand_agents(traffic: float) -> None:
    ours = float(erlang_b(traffic, 100_000))
    assert ours == pytest.approx(erlang_b_by_recursion(traffic, 100_000), rel=1e-9)
    assert 0.0 < ours < 1.0


@pytest.mark.parametrize(("traffic", "agents"), [(1e6, 1_000), (5e4, 10), (2e3, 1_000)])
def test_deep_overload_where_the_poisson_cdf_underflows(traffic: float, agents: int) -> None:
    ours = float(erlang_b(traffic, agents))
    assert ours == pytest.approx(erlang_b_by_recursion(traffic, agents), rel=1e-12)
    assert ours == pytest.approx(1.0 - agents / traffic, rel=1e-2)


def test_edge_counts_and_zero_traffic() -> None:
    assert float(erlang_b(3.0, 0)) == 1.0
    assert float(erlang_b(0.0, 5)) == 0.0
    assert float(erlang_b(0.0, 0)) == 1.0


def test_decreases_with_agents_and_increases_with_traffic() -> None:
    by_agents = erlang_b(20.0, np.arange(1, 60))
    assert np.all(np.diff(by_agents) < 0)
    by_traffic = erlang_b(np.linspace(0.1, 50, 80), 25)
    assert np.all(np.diff(by_traffic) > 0)


@pytest.mark.parametrize(
    ("traffic", "agents", "message"),
    [
        (-1.0, 3, "traffic must not be negative"),
        (float("nan"), 3, "traffic must be a finite number"),
        (2.0, 2.5, "agents must be whole numbers"),
        (2.0, -1, "agents must be at least 0"),
        (2.0, True, "agents must be whole numbers"),
    ],
)
def test_rejects_bad_input(traffic: float, agents: object, message: str) -> None:
    with pytest.raises(ErlangInputError, match=message):
        erlang_b(traffic, agents)  # type: ignore[arg-type]
