"""Turning agent groups into individual agents and their day: logins, breaks, logouts.

Agents are named ``<group>-<n>`` so results and traces can be read back to the scenario. The
pools (which agents may ever serve each queue) let the metrics report per-queue occupancy.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from frontline.domain.routing import Agent
from frontline.sim.scenario import Scenario, can_serve


@dataclass(frozen=True, slots=True)
class ShiftEvent:
    """Something an agent does by the clock: ``kind`` is login, logout or break."""

    at: float
    kind: str
    agent_id: str
    duration_s: float = 0.0
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Roster:
    agents: tuple[Agent, ...]
    schedule: tuple[ShiftEvent, ...]
    pools: Mapping[str, frozenset[str]]


def build_roster(scenario: Scenario) -> Roster:
    """Every agent of every group, the timed events of their day, and each queue's pool."""
    agents: list[Agent] = []
    schedule: list[ShiftEvent] = []
    pools: dict[str, set[str]] = {queue.name: set() for queue in scenario.queues}
    for group in scenario.agent_groups:
        serves = [q.name for q in scenario.queues if can_serve(group, q, fully_widened=True)]
        for n in range(1, group.count + 1):
            agent_id = f"{group.name}-{n}"
            agents.append(
                Agent(
                    id=agent_id,
                    skills=dict(group.skills),
                    capacity=dict(group.capacity),
                    queues=group.queues,
                )
            )
            for name in serves:
                pools[name].add(agent_id)
            if group.shift_start_s < scenario.duration_s:
                schedule.append(ShiftEvent(group.shift_start_s, "login", agent_id))
            if not math.isinf(group.shift_end_s):
                schedule.append(ShiftEvent(group.shift_end_s, "logout", agent_id))
            schedule.extend(
                ShiftEvent(
                    b.start_for(n - 1, group.count), "break", agent_id, b.duration_s, b.reason
                )
                for b in group.breaks
            )
    schedule.sort(key=lambda e: e.at)
    return Roster(tuple(agents), tuple(schedule), {k: frozenset(v) for k, v in pools.items()})
