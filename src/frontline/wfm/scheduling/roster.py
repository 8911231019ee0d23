"""Stage 2, rostering: assign named agents to the selected shifts, solved as a MIP by HiGHS.

Variables: ``y[a, s]`` = 1 when agent ``a`` works shift ``s`` (only for eligible pairs: the
agent has the skill, is not off that day and is available for the whole shift), ``u[s]``
people missing on shift ``s``, and ``m[a]`` minutes an agent falls short of a minimum.
Rules: each shift gets its count (``u`` absorbs what cannot be filled, at a high price);
an agent works at most one shift a day and at most ``max_shifts``; hours stay within the
contract; and two shifts closer than the minimum rest are never both worked. The rest rule
is exact with one row per shift start: two shifts conflict when their intervals stretched
by the rest overlap, and intervals overlap exactly when one contains the other's start.
Preferences are soft costs; a missing seat costs more than every preference together, and
a missed minimum more than every seat, so the model is always feasible and its slack
names the shift or agent at fault.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from frontline.wfm.scheduling.errors import SchedulingInputError
from frontline.wfm.scheduling.roster_model import (
    DAY,
    Agent,
    Assignment,
    RosterResult,
    RosterShift,
)


def eligible(agent: Agent, shift: RosterShift) -> bool:
    """Whether the hard rules let ``agent`` work ``shift`` at all."""
    if shift.skill is not None and shift.skill not in agent.skills:
        return False
    if shift.day % 7 in agent.contract.days_off:
        return False
    if not agent.availability:
        return True
    return any(lo <= shift.start and shift.end <= hi for lo, hi in agent.availability)


def wish_cost(agent: Agent, shift: RosterShift) -> float:
    """One point per broken wish: a day the agent wanted off, a start outside their window."""
    cost = 1.0 if shift.day % 7 in agent.avoid_days else 0.0
    if agent.preferred_start is not None:
        lo, hi = agent.preferred_start
        cost += 0.0 if lo <= shift.start % DAY <= hi else 1.0
    return cost


def build_roster(
    agents: Sequence[Agent], shifts: Sequence[RosterShift], *, time_limit: float = 60.0
) -> RosterResult:
    """Assign ``agents`` to ``shifts``; raise ``SchedulingInputError`` naming the agent whose
    contract cannot be honoured."""
    _check_minimums(agents, shifts)
    pairs = [
        (a, s)
        for a, agent in enumerate(agents)
        for s, shift in enumerate(shifts)
        if eligible(agent, shift)
    ]
    n_y, n_s, n_a = len(pairs), len(shifts), len(agents)
    n = n_y + n_s + n_a
    wishes = np.array([wish_cost(agents[a], shifts[s]) for a, s in pairs])
    seat_price = float(wishes.sum()) + 1.0
    cost = np.concatenate([wishes, np.full(n_s, seat_price), np.full(n_a, seat_price * 10)])
    rows: list[tuple[list[int], list[float], float, float]] = []
    for s, shift in enumerate(shifts):
        cols = [k for k, (_, ps) in enumerate(pairs) if ps == s] + [n_y + s]
        rows.append((cols, [1.0] * len(cols), shift.count, shift.count))
    for a, agent in enumerate(agents):
        mine = [k for k, (pa, _) in enumerate(pairs) if pa == a]
        _agent_rows(agent, mine, [shifts[pairs[k][1]] for k in mine], n_y + n_s + a, rows)
    matrix, lower, upper = _assemble(rows, n)
    integrality = np.concatenate([np.ones(n_y + n_s), np.zeros(n_a)])
    upper_bounds = np.concatenate(
        [
            np.ones(n_y),
            [float(s.count) for s in shifts],
            [float(a.contract.min_minutes) for a in agents],
        ]
    )
    result = milp(
        cost,
        constraints=LinearConstraint(matrix, lower, upper),
        bounds=Bounds(np.zeros(n), upper_bounds),
        integrality=integrality,
        options={"time_limit": time_limit},
    )
    if result.x is None:
        raise SchedulingInputError(f"no roster found within {time_limit:g} s")
    x = np.rint(result.x)
    short = [agents[a].name for a in range(n_a) if result.x[n_y + n_s + a] > 0.5]
    if short:
        raise SchedulingInputError(
            "the minimum hours of agent(s) "
            + ", ".join(repr(s) for s in short)
            + " cannot be met together with the rest, day and shift-count rules"
        )
    return _roster_result(agents, shifts, pairs, x, float(wishes @ x[:n_y]), result.status == 0)


def _agent_rows(
    agent: Agent,
    cols: list[int],
    own: list[RosterShift],
    shortfall_col: int,
    rows: list[tuple[list[int], list[float], float, float]],
) -> None:
    c = agent.contract
    minutes = [float(s.minutes) for s in own]
    rows.append(([*cols, shortfall_col], [*minutes, 1.0], c.min_minutes, c.max_minutes))
    rows.append((cols, [1.0] * len(cols), 0.0, c.max_shifts))
    for day in {s.day for s in own}:
        same = [k for k, s in zip(cols, own, strict=True) if s.day == day]
        if len(same) > 1:
            rows.append((same, [1.0] * len(same), 0.0, 1.0))
    for t in sorted({s.start for s in own}):
        clash = [
            k for k, s in zip(cols, own, strict=True) if s.start <= t < s.end + c.min_rest_minutes
        ]
        if len(clash) > 1:
            rows.append((clash, [1.0] * len(clash), 0.0, 1.0))


def _assemble(
    rows: list[tuple[list[int], list[float], float, float]], n: int
) -> tuple[csr_array, np.ndarray, np.ndarray]:
    r_idx = [i for i, (cols, _, _, _) in enumerate(rows) for _ in cols]
    c_idx = [c for cols, _, _, _ in rows for c in cols]
    vals = [v for _, values, _, _ in rows for v in values]
    matrix = csr_array((vals, (r_idx, c_idx)), shape=(len(rows), n))
    return matrix, np.array([r[2] for r in rows]), np.array([r[3] for r in rows])


def _check_minimums(agents: Sequence[Agent], shifts: Sequence[RosterShift]) -> None:
    """Name an agent whose minimum hours exceed what their own rules could ever allow:
    the longest eligible shift on each day, at most ``max_shifts`` of them."""
    for agent in agents:
        if agent.contract.min_minutes == 0:
            continue
        longest: dict[int, int] = {}
        for shift in shifts:
            if eligible(agent, shift):
                longest[shift.day] = max(longest.get(shift.day, 0), shift.minutes)
        best = sum(sorted(longest.values(), reverse=True)[: agent.contract.max_shifts])
        if best < agent.contract.min_minutes:
            raise SchedulingInputError(
                f"agent {agent.name!r}: min_hours {agent.contract.min_minutes / 60:g} cannot be "
                f"met; skills, days off and availability allow at most {best / 60:g} h"
            )


def _roster_result(
    agents: Sequence[Agent],
    shifts: Sequence[RosterShift],
    pairs: list[tuple[int, int]],
    x: np.ndarray,
    wishes: float,
    optimal: bool,
) -> RosterResult:
    assignments = tuple(
        Assignment(agents[a].name, shifts[s].name, shifts[s].start, shifts[s].end)
        for k, (a, s) in enumerate(pairs)
        if x[k] > 0.5
    )
    n_y = len(pairs)
    unfilled = {shifts[s].name: int(x[n_y + s]) for s in range(len(shifts)) if x[n_y + s] > 0}
    reasons = {}
    for name in unfilled:
        s = next(i for i, shift in enumerate(shifts) if shift.name == name)
        candidates = sum(1 for a, ps in pairs if ps == s)
        reasons[name] = (
            "no agent is eligible (skill, day off or availability)"
            if candidates == 0
            else f"only {candidates} eligible agent(s) and their hours, rest or day limits"
        )
    return RosterResult(assignments, unfilled, reasons, wishes, optimal)
