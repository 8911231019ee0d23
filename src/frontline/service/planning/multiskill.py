"""Multi-skill staffing by simulation: size agent groups so that every queue meets its goal.

When queues share agents (a bilingual group taking English and Spanish calls, a team on chat
and email) no Erlang formula gives the answer. The usual start is per-queue Erlang: staff each
queue as if it were alone and split its agents over the groups that can serve it. That
over-staffs, because pooled agents absorb each other's peaks. The search then works on
simulated service levels:

1. *repair*: while some queue misses, add agents to the group whose addition most reduces the
   total shortfall (sum over queues of goal − SL);
2. *trim*: remove agents from the group whose removal leaves every queue meeting the goal with
   the most slack, in steps that start at a tenth of the group and halve when no removal
   keeps the goal, down to single agents.

Every candidate is simulated with the same seeds (common random numbers), so comparisons are
not blurred by noise; the result is finally checked with fresh seeds, which is the figure to
trust. The number of simulation runs is bounded by ``max_runs``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from frontline.service.planning.errors import PlanningError
from frontline.sim.distributions import Never
from frontline.sim.runner import simulate
from frontline.sim.scenario import QueueSpec, Scenario, can_serve
from frontline.wfm.erlang import ErlangInputError, staff_for_service_level


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Group sizes and the pooled simulated service level of every queue."""

    counts: tuple[int, ...]
    service_levels: dict[str, float]

    @property
    def agents(self) -> int:
        return sum(self.counts)

    def shortfall(self, goal: float) -> float:
        return sum(max(0.0, goal - level) for level in self.service_levels.values())

    def slack(self, goal: float) -> float:
        return min((level - goal for level in self.service_levels.values()), default=0.0)


@dataclass(frozen=True, slots=True)
class MultiSkillResult:
    """The per-queue Erlang start, the search's answer, and that answer under fresh seeds."""

    groups: tuple[str, ...]
    erlang_agents: dict[str, int]
    start: Evaluation
    best: Evaluation
    check: Evaluation
    goal: float
    runs: int
    meets_goal: bool


def per_queue_erlang(queue: QueueSpec, target_s: float, goal: float) -> int:
    """Agents the queue needs alone at its peak arrival rate (Erlang A if customers abandon
    with exponential patience, else Erlang C); handle time includes wrap-up."""
    peak = max(queue.arrivals.rates_per_hour, default=0.0) / 3600.0
    patience = None if isinstance(queue.patience, Never) else queue.patience.mean_s
    try:
        staffing = staff_for_service_level(
            peak, queue.work_per_contact_s, target_s, goal, patience=patience
        )
    except ErlangInputError as exc:
        raise PlanningError(f"queue {queue.name!r}: {exc}") from None
    return int(staffing.agents)


def erlang_start(scenario: Scenario, targets: dict[str, float], goal: float) -> tuple[int, ...]:
    """Group sizes from per-queue Erlang: each queue's agents split evenly over the groups that
    can serve it (divided by their capacity on its channel); groups serving no queue keep
    their size."""
    shares = [0.0] * len(scenario.agent_groups)
    served = [False] * len(scenario.agent_groups)
    for queue in scenario.queues:
        agents = per_queue_erlang(queue, targets[queue.name], goal)
        able = [i for i, g in enumerate(scenario.agent_groups) if can_serve(g, queue)]
        if not able:
            raise PlanningError(f"queue {queue.name!r}: no agent group can serve it")
        for i in able:
            capacity = scenario.agent_groups[i].capacity.get(queue.channel, 1)
            shares[i] += agents / len(able) / capacity
            served[i] = True
    return tuple(
        math.ceil(share - 1e-9) if served[i] else scenario.agent_groups[i].count
        for i, share in enumerate(shares)
    )


class _Evaluator:
    """Simulates group sizes with fixed seeds, remembering every answer."""

    def __init__(self, scenario: Scenario, seeds: tuple[int, ...], max_runs: int) -> None:
        self.scenario = scenario
        self.seeds = seeds
        self.runs = 0
        self.max_runs = max_runs
        self._seen: dict[tuple[int, ...], Evaluation] = {}

    @property
    def exhausted(self) -> bool:
        return self.runs + len(self.seeds) > self.max_runs

    def __call__(self, counts: tuple[int, ...]) -> Evaluation:
        if counts not in self._seen:
            self._seen[counts] = pooled(self.scenario, counts, self.seeds)
            self.runs += len(self.seeds)
        return self._seen[counts]


def pooled(scenario: Scenario, counts: tuple[int, ...], seeds: tuple[int, ...]) -> Evaluation:
    """Service level per queue over runs with ``seeds``: answered in time ÷ offered, summed."""
    groups = tuple(replace(g, count=n) for g, n in zip(scenario.agent_groups, counts, strict=True))
    sized = replace(scenario, agent_groups=groups)
    within = {q.name: 0.0 for q in scenario.queues}
    offered = {q.name: 0 for q in scenario.queues}
    for seed in seeds:
        for name, metrics in simulate(sized, seed).report.queues.items():
            offered[name] += metrics.offered
            within[name] += (metrics.service_level or 0.0) * metrics.offered
    levels = {name: within[name] / offered[name] if offered[name] else 1.0 for name in offered}
    return Evaluation(counts, levels)


def search_group_sizes(
    scenario: Scenario,
    goal: float,
    *,
    target_s: float | None = None,
    seed: int = 0,
    replications: int = 2,
    max_runs: int = 400,
    progress: Callable[[int], None] | None = None,
) -> MultiSkillResult:
    """Smallest group sizes found meeting ``goal`` on every queue (see the module docstring).

    ``target_s`` replaces every queue's own threshold when given.
    """
    if not 0 < goal < 1:
        raise PlanningError(f"service level must be between 0 and 1 (exclusive), got {goal:g}")
    if replications < 1 or max_runs < replications:
        raise PlanningError("need at least one replication and max_runs >= replications")
    if target_s is not None:
        queues = tuple(replace(q, sl_threshold_s=target_s) for q in scenario.queues)
        scenario = replace(scenario, queues=queues)
    targets = {q.name: q.sl_threshold_s for q in scenario.queues}
    evaluate = _Evaluator(scenario, tuple(seed + k for k in range(replications)), max_runs)
    start = evaluate(erlang_start(scenario, targets, goal))
    current = start
    while current.shortfall(goal) > 0 and not evaluate.exhausted:
        helpers = _groups_serving_missed(scenario, current, goal)
        tried = [evaluate(_moved(current.counts, i, +1)) for i in helpers]
        current = min(tried, key=lambda e: (e.shortfall(goal), -e.slack(goal)))
        if progress is not None:
            progress(evaluate.runs)
    step = max(1, max(current.counts) // 10)
    while step >= 1 and current.shortfall(goal) == 0 and not evaluate.exhausted:
        candidates = [
            _moved(current.counts, i, -step)
            for i in range(len(current.counts))
            if current.counts[i] >= step
        ]
        kept = []
        for counts in candidates:
            if evaluate.exhausted:
                break
            trial = evaluate(counts)
            if trial.shortfall(goal) == 0:
                kept.append(trial)
        if progress is not None:
            progress(evaluate.runs)
        if kept:
            current = max(kept, key=lambda e: e.slack(goal))
        else:
            step //= 2
    fresh = tuple(seed + 1_000_003 + k for k in range(replications))
    check = pooled(scenario, current.counts, fresh)
    return MultiSkillResult(
        groups=tuple(g.name for g in scenario.agent_groups),
        erlang_agents={q.name: per_queue_erlang(q, targets[q.name], goal) for q in scenario.queues},
        start=start,
        best=current,
        check=check,
        goal=goal,
        runs=evaluate.runs + len(fresh),
        meets_goal=current.shortfall(goal) == 0,
    )


def _groups_serving_missed(scenario: Scenario, current: Evaluation, goal: float) -> list[int]:
    missed = [q for q in scenario.queues if current.service_levels[q.name] < goal]
    return [
        i
        for i, group in enumerate(scenario.agent_groups)
        if any(can_serve(group, q, fully_widened=True) for q in missed)
    ]


def _moved(counts: tuple[int, ...], index: int, delta: int) -> tuple[int, ...]:
    return tuple(n + delta if i == index else n for i, n in enumerate(counts))
