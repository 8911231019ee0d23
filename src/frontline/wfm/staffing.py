"""Staffing: the fewest agents per interval that meet a service-level goal.

For every interval the service level rises monotonically with the number of agents (and
occupancy falls), so "meets the goal" is a monotone predicate in ``n`` and the smallest
such ``n`` can be found by a search. It runs for all intervals at once: a galloping phase
doubles a step until every interval's goal is met, then a bisection narrows each bracket,
each step one vectorised Erlang evaluation over the intervals still open: O(log n)
evaluations, each O(1) per interval. Erlang A (when a mean patience is given) is stable at
any load and searches this way from 1 agent.

Erlang C is cheaper still: from the smallest stable count ``floor(A) + 1`` it steps up one
agent at a time with the Erlang B recursion, which costs a few arithmetic operations per
step once the first value is known; the answer is typically a few √A steps away. Both
avoid what a plain loop pays: an O(n) recursion per candidate per interval.

Intervals without traffic need no agents. Shrinkage (breaks, training, absence) then
turns agents into positions to schedule: ``positions = ceil(agents / (1 - shrinkage))``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from frontline.wfm.erlang_a import answered_within, erlang_a_parts, erlang_a_stats
from frontline.wfm.erlang_b import log_erlang_b
from frontline.wfm.erlang_c import erlang_c_stats
from frontline.wfm.erlang_common import (
    ErlangInputError,
    FloatArray,
    IntArray,
    QueueStats,
    as_float_array,
    as_probability,
    offered_load,
)

# Occupancy equal to the cap to 12 digits counts as meeting it (A / n is rarely exact).
_OCCUPANCY_SLACK = 1e-12
_MAX_GALLOP = 48
_MAX_STEPS = 10_000_000

Predicate = Callable[[IntArray, IntArray], npt.NDArray[np.bool_]]


@dataclass(frozen=True)
class StaffingResult:
    """Agents on the phones, positions to schedule, and the figures the agents achieve."""

    agents: IntArray
    positions: IntArray
    stats: QueueStats


def positions_after_shrinkage(agents: npt.ArrayLike, shrinkage: float) -> IntArray:
    """Positions to schedule so that ``agents`` remain after ``shrinkage`` (0 ≤ s < 1)."""
    share = as_probability("shrinkage", shrinkage, low=0.0, high=1.0)
    if share >= 1.0:
        raise ErlangInputError("shrinkage must be below 1")
    needed = np.asarray(agents, dtype=np.float64) / (1.0 - share)
    # 14 / (1 - 0.3) may come out as 20.000000000000004; that is 20 positions, not 21.
    return np.asarray(np.ceil(needed * (1.0 - 1e-12)), dtype=np.int64)


def smallest_meeting(meets: Predicate, start: IntArray) -> IntArray:
    """Per row, the smallest ``n >= start`` with ``meets(n, rows)``, for a predicate that
    is monotone in ``n``. ``meets`` receives candidate counts and the row indices they
    belong to, so it can evaluate only the rows still open."""
    answer = start.copy()
    rows = np.arange(start.size)
    open_rows = rows[~meets(start, rows)]
    low = start[open_rows]
    step = 1
    lows, highs, bracket_rows = [], [], []
    for _ in range(_MAX_GALLOP):
        if open_rows.size == 0:
            break
        high = low + step
        hit = meets(high, open_rows)
        bracket_rows.append(open_rows[hit])
        lows.append(low[hit])
        highs.append(high[hit])
        open_rows, low = open_rows[~hit], high[~hit]
        step *= 2
    if open_rows.size:
        raise ErlangInputError("the service-level goal cannot be reached with any staffing")
    if not bracket_rows:
        return answer
    rows, low, high = np.concatenate(bracket_rows), np.concatenate(lows), np.concatenate(highs)
    while rows.size:  # invariant: low fails, high meets
        middle = (low + high) // 2
        hit = meets(middle, rows)
        high = np.where(hit, middle, high)
        low = np.where(hit, low, middle)
        done = high - low <= 1
        answer[rows[done]] = high[done]
        rows, low, high = rows[~done], low[~done], high[~done]
    return answer


def staff_for_service_level(
    arrival_rate: npt.ArrayLike,
    aht: npt.ArrayLike,
    target: npt.ArrayLike,
    service_level: float,
    *,
    patience: npt.ArrayLike | None = None,
    max_occupancy: float | None = None,
    shrinkage: float = 0.0,
) -> StaffingResult:
    """Fewest agents per interval with service level ≥ ``service_level`` within ``target``.

    ``arrival_rate`` is in contacts per time unit, ``aht``, ``target`` and ``patience`` in
    that unit (arrays broadcast, one entry per interval). Without ``patience`` the model is
    Erlang C; with it, Erlang A (service level = answered within target ÷ all arrivals).
    ``max_occupancy`` adds agents until occupancy is at most that share.
    """
    goal = as_probability("service level", service_level, low=0.0, high=1.0)
    if goal >= 1.0:
        raise ErlangInputError("service level must be below 1: no finite staffing reaches 100%")
    cap = 1.0 if max_occupancy is None else float(max_occupancy)
    if not 0.0 < cap <= 1.0:
        raise ErlangInputError(f"max occupancy must be above 0 and at most 1, got {cap:g}")
    rate = as_float_array("arrival rate", arrival_rate, allow_zero=True)
    handle = as_float_array("aht", aht, allow_zero=False)
    threshold = as_float_array("target", target, allow_zero=True)
    mean_patience = (
        None if patience is None else as_float_array("patience", patience, allow_zero=False)
    )
    arrays = [rate, handle, threshold] + ([] if mean_patience is None else [mean_patience])
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    flat = [np.broadcast_to(a, shape).ravel() for a in arrays]
    load = offered_load(flat[0], flat[1])
    threshold_in_aht = flat[2] / flat[1]
    if mean_patience is None:
        agents = _erlang_c_agents(load, threshold_in_aht, goal, cap).reshape(shape)
    else:
        meets = _erlang_a_goal(load, threshold_in_aht, flat[3] / flat[1], goal, cap)
        start = np.where(load > 0, 1, 0).astype(np.int64)
        agents = smallest_meeting(meets, start).reshape(shape)
    staffed = np.maximum(agents, 1)
    if mean_patience is None:
        stats = erlang_c_stats(rate, handle, staffed, threshold)
    else:
        stats = erlang_a_stats(rate, handle, mean_patience, staffed, threshold)
    return StaffingResult(
        agents=agents,
        positions=positions_after_shrinkage(agents, shrinkage),
        stats=replace(stats, agents=agents),
    )


def _erlang_c_agents(load: FloatArray, threshold: FloatArray, goal: float, cap: float) -> IntArray:
    """Erlang C staffing by stepping up from the smallest stable (and occupancy-feasible)
    count. Only the first Erlang B value per interval needs the incomplete gamma function;
    each further agent is one step of the exact recursion B(n+1) = A B / (n + 1 + A B),
    a handful of vector operations over the intervals still short of their goal."""
    agents = np.zeros(load.shape, dtype=np.int64)
    rows = np.flatnonzero(load > 0)
    offered = load[rows]
    servers = np.maximum(np.floor(offered) + 1.0, np.ceil(offered / cap) - 1.0)
    blocking = np.exp(log_erlang_b(offered, servers))
    limit = _MAX_STEPS
    while rows.size:
        wait = blocking / (1.0 - (offered / servers) * (1.0 - blocking))
        level = 1.0 - wait * np.exp(-(servers - offered) * threshold[rows])
        met = (level >= goal) & (offered <= cap * servers * (1.0 + _OCCUPANCY_SLACK))
        agents[rows[met]] = servers[met]
        keep = ~met
        rows, offered, servers, blocking = rows[keep], offered[keep], servers[keep], blocking[keep]
        blocking = offered * blocking / (servers + 1.0 + offered * blocking)
        servers = servers + 1.0
        limit -= 1
        if limit == 0:
            raise ErlangInputError("the service-level goal cannot be reached with any staffing")
    return agents


def _erlang_a_goal(
    load: FloatArray, threshold: FloatArray, patience: FloatArray, goal: float, cap: float
) -> Predicate:
    def meets(agents: IntArray, rows: IntArray) -> npt.NDArray[np.bool_]:
        offered = load[rows]
        ok: npt.NDArray[np.bool_] = offered == 0
        busy = ~ok & (agents > 0)
        if np.any(busy):
            picked = rows[busy]
            servers = agents[busy].astype(np.float64)
            parts = erlang_a_parts(load[picked], servers, patience[picked])
            level = answered_within(parts, threshold[picked], patience[picked])
            carried = load[picked] * parts.p_served
            within_cap = carried <= cap * servers * (1.0 + _OCCUPANCY_SLACK)
            ok[busy] = (level >= goal) & within_cap
        return ok

    return meets
