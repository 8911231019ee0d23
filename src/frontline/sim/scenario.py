"""The validated scenario a simulation runs: queues with their traffic, and agent groups.

These are plain frozen values; `frontline.sim.scenario_parse` builds them from YAML-shaped
mappings and is the only place that reports bad input, so the run loop can trust them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from frontline.domain.channels import Channel
from frontline.sim.arrivals import ArrivalProfile
from frontline.sim.distributions import Distribution, Never


class ScenarioError(ValueError):
    """The scenario cannot be simulated; the message names the offending field."""


@dataclass(frozen=True, slots=True)
class QueueSpec:
    """One queue: who may serve it, how contacts arrive, how long they take and wait."""

    name: str
    required_skills: Mapping[str, int]
    arrivals: ArrivalProfile
    handle_time: Distribution
    channel: Channel = Channel.VOICE
    sl_threshold_s: float = 20.0
    patience: Distribution = field(default_factory=Never)
    wrap_up: Distribution | None = None
    priority: int = 0
    widening: tuple[tuple[float, int], ...] = ()
    any_agent_after_s: float | None = None

    @property
    def abandons(self) -> bool:
        """Whether customers of this queue ever give up."""
        return not isinstance(self.patience, Never)

    @property
    def work_per_contact_s(self) -> float:
        """Mean agent time a contact takes: handle time plus wrap-up."""
        wrap = self.wrap_up.mean_s if self.wrap_up is not None else 0.0
        return self.handle_time.mean_s + wrap


@dataclass(frozen=True, slots=True)
class BreakSpec:
    """A break taken at ``start_s`` for ``duration_s``; if the agent is handling a contact then,
    the break starts when that work ends and still lasts ``duration_s``. With ``spread_s`` the
    group's agents start one after another, evenly over ``[start_s, start_s + spread_s)``, as
    planners stagger breaks so the floor never empties."""

    start_s: float
    duration_s: float
    reason: str = "break"
    spread_s: float = 0.0

    def start_for(self, member: int, count: int) -> float:
        """Start time for the group's ``member``-th agent (0-based) of ``count``."""
        return self.start_s + self.spread_s * member / count


@dataclass(frozen=True, slots=True)
class AgentGroupSpec:
    """``count`` identical agents. They log in at ``shift_start_s`` and log out at
    ``shift_end_s``, finishing the contact in hand first."""

    name: str
    count: int
    skills: Mapping[str, int]
    capacity: Mapping[Channel, int]
    queues: frozenset[str] = frozenset()
    shift_start_s: float = 0.0
    shift_end_s: float = math.inf
    breaks: tuple[BreakSpec, ...] = ()


@dataclass(frozen=True, slots=True)
class Scenario:
    """Everything one simulation run needs except the seed."""

    duration_s: float
    queues: tuple[QueueSpec, ...]
    agent_groups: tuple[AgentGroupSpec, ...]
    agent_policy: str = "longest_idle"


def can_serve(group: AgentGroupSpec, queue: QueueSpec, *, fully_widened: bool = False) -> bool:
    """Whether agents of ``group`` qualify for ``queue``: a capacity on its channel, membership
    when the group lists queues, and every required skill at the queue's minimum proficiency
    (the lowest widening step's minimum when ``fully_widened``; once ``any_agent_after_s``
    applies, any member, or any non-member having the skill names at all). This mirrors
    `frontline.domain.routing.qualification` for whole groups."""
    if group.capacity.get(queue.channel, 0) <= 0:
        return False
    if group.queues and queue.name not in group.queues:
        return False
    floor = 5
    if fully_widened:
        floor = min((step for _, step in queue.widening), default=5)
        if queue.any_agent_after_s is not None:
            if group.queues:
                return True
            floor = 1
    return all(
        group.skills.get(skill, 0) >= min(level, floor)
        for skill, level in queue.required_skills.items()
    )
