"""Invariants of the Erlang models over random inputs (Hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.wfm.erlang import (
    erlang_a_stats,
    erlang_b,
    erlang_c,
    erlang_c_stats,
    staff_for_service_level,
)

traffic = st.floats(min_value=0.01, max_value=5_000.0)
agents = st.integers(min_value=1, max_value=6_000)
aht = st.floats(min_value=5.0, max_value=1_800.0)
target = st.floats(min_value=0.0, max_value=600.0)
patience = st.floats(min_value=1.0, max_value=3_600.0)


@given(traffic, agents)
def test_waiting_is_at_least_as_likely_as_blocking(load: float, count: int) -> None:
    b, c = float(erlang_b(load, count)), float(erlang_c(load, count))
    assert 0.0 <= b <= c <= 1.0


@given(traffic, agents)
def test_both_fall_as_agents_are_added(load: float, count: int) -> None:
    b = erlang_b(load, [count, count + 1])
    c = erlang_c(load, [count, count + 1])
    assert b[1] <= b[0]
    assert c[1] <= c[0]


@given(traffic, agents, aht, target)
def test_erlang_c_figures_stay_in_range(load: float, count: int, handle: float, t: float) -> None:
    stats = erlang_c_stats(load / handle, handle, [count, count + 1], t)
    assert np.all((stats.service_level >= 0) & (stats.service_level <= 1))
    assert np.all((stats.occupancy >= 0) & (stats.occupancy <= 1))
    assert stats.service_level[1] >= stats.service_level[0]
    assert stats.asa[1] <= stats.asa[0]
    assert bool(stats.stable[0]) == (load < count)


@given(traffic, agents, aht, patience, target)
@settings(max_examples=60, deadline=None)
def test_erlang_a_figures_stay_in_range(
    load: float, count: int, handle: float, mean_patience: float, t: float
) -> None:
    stats = erlang_a_stats(load / handle, handle, mean_patience, [count, count + 1], t)
    for name in ("p_wait", "p_abandon", "service_level", "occupancy"):
        values = getattr(stats, name)
        assert np.all((values >= 0) & (values <= 1)), name
    assert np.all(np.isfinite(stats.asa) & (stats.asa >= 0))
    assert np.all(stats.p_abandon <= stats.p_wait)
    assert stats.service_level[1] >= stats.service_level[0] - 1e-9  # rounding floor
    assert stats.p_abandon[1] <= stats.p_abandon[0] + 1e-12
    # Everyone who does not wait is answered at once, so SL ≥ 1 - P(wait).
    assert np.all(stats.service_level >= 1 - stats.p_wait - 1e-12)


@given(st.floats(min_value=0.5, max_value=500.0), st.floats(min_value=1.0, max_value=3.0))
@settings(max_examples=40, deadline=None)
def test_erlang_a_tends_to_erlang_c(load: float, headroom: float) -> None:
    count = int(load + headroom * np.sqrt(load)) + 1
    c = erlang_c_stats(load / 180, 180, count, 20)
    a = erlang_a_stats(load / 180, 180, 1e10, count, 20)
    for name in ("p_wait", "service_level", "asa"):
        np.testing.assert_allclose(getattr(a, name), getattr(c, name), rtol=1e-4, atol=1e-9)


@given(st.floats(min_value=50_000.0, max_value=100_000.0), st.integers(0, 2_000))
@settings(max_examples=30, deadline=None)
def test_stable_at_one_hundred_thousand_agents(load: float, extra: int) -> None:
    count = int(load) + 1 + extra
    c = erlang_c_stats(load / 180, 180, count, 20)
    a = erlang_a_stats(load / 180, 180, 300, count, 20)
    for stats in (c, a):
        assert np.all(np.isfinite(stats.p_wait) & np.isfinite(stats.asa))
        assert 0.0 <= float(stats.service_level) <= 1.0


@given(
    st.lists(st.floats(min_value=0.0, max_value=3_000.0), min_size=1, max_size=40),
    st.floats(min_value=0.05, max_value=0.99),
    target,
    st.one_of(st.none(), patience),
)
@settings(max_examples=40, deadline=None)
def test_staffing_is_the_smallest_count_meeting_the_goal(
    loads: list[float], goal: float, t: float, mean_patience: float | None
) -> None:
    rate = np.array(loads) / 180
    result = staff_for_service_level(rate, 180, t, goal, patience=mean_patience)
    busy = rate > 0
    assert np.all(result.agents[~busy] == 0)
    if not np.any(busy):
        return
    staffed, fewer = result.agents[busy], np.maximum(result.agents[busy] - 1, 1)
    if mean_patience is None:
        at, below = (erlang_c_stats(rate[busy], 180, n, t) for n in (staffed, fewer))
    else:
        at, below = (erlang_a_stats(rate[busy], 180, mean_patience, n, t) for n in (staffed, fewer))
    assert np.all(at.service_level >= goal)
    assert np.all((below.service_level < goal) | (staffed == 1) | (staffed - 1 <= rate[busy] * 180))
