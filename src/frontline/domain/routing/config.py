"""Queue and agent configuration: frozen values the engine is built from.

Qualification rules (what "an agent may take a contact of this queue" means):

- An agent with a non-empty `queues` set serves only those queues (explicit membership); an
  agent with an empty set serves any queue whose skill requirement it meets.
- The agent needs capacity ≥ 1 on the queue's channel.
- From the start, the agent needs every required skill at the queue's minimum proficiency.
- `WideningStep(after_s, min_proficiency)`: once a contact has waited `after_s`, the minimum for
  every required skill drops to `min(required, min_proficiency)` (steps are cumulative).
- `any_agent_after_s`: once a contact has waited that long, every *member* of the queue qualifies
  whatever its skills, and a non-member agent (empty `queues`) qualifies if it has every required
  skill name at any proficiency.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from frontline.domain.channels import Channel

AgentPolicy = Callable[[int, float], tuple[float, ...]]
"""Preference bucket of a candidate agent, lower first: `(load, proficiency) -> key`; within a
bucket the agent idle for the longest goes first.

`load` is the number of contacts the agent holds on the contact's channel, `proficiency` its mean
proficiency on the queue's required skills. See `frontline.domain.routing.policies`.
"""

MIN_PROFICIENCY = 1
MAX_PROFICIENCY = 5


def _check_proficiencies(owner: str, skills: Mapping[str, int]) -> None:
    for skill, level in skills.items():
        if not skill:
            raise ValueError(f"{owner}: skill names must not be empty")
        if not MIN_PROFICIENCY <= level <= MAX_PROFICIENCY:
            raise ValueError(
                f"{owner}: proficiency of {skill!r} is {level}, "
                f"expected {MIN_PROFICIENCY}..{MAX_PROFICIENCY}"
            )


@dataclass(frozen=True, slots=True)
class WideningStep:
    """After a contact waited `after_s` seconds, accept agents down to `min_proficiency`."""

    after_s: float
    min_proficiency: int

    def __post_init__(self) -> None:
        if not self.after_s >= 0 or math.isinf(self.after_s):
            raise ValueError(f"widening after_s must be finite and >= 0, got {self.after_s}")
        if not MIN_PROFICIENCY <= self.min_proficiency <= MAX_PROFICIENCY:
            raise ValueError(f"widening min_proficiency must be 1..5, got {self.min_proficiency}")


@dataclass(frozen=True, slots=True)
class Queue:
    """A routing queue. Score of a waiting contact = priority + waiting_seconds × acceleration.

    `wrap_up_s`: None = no after-contact work, a positive number = timed wrap-up,
    `math.inf` = wrap-up until the agent ends it. `agent_policy` overrides the engine's policy
    for this queue.
    """

    id: str
    channel: Channel
    required_skills: Mapping[str, int] = field(default_factory=dict)
    priority: int = 0
    acceleration: float = 1.0
    widening: tuple[WideningStep, ...] = ()
    any_agent_after_s: float | None = None
    offer_timeout_s: float | None = None
    wrap_up_s: float | None = None
    agent_policy: AgentPolicy | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("queue id must not be empty")
        _check_proficiencies(f"queue {self.id}", self.required_skills)
        if not self.acceleration >= 0 or math.isinf(self.acceleration):
            raise ValueError(f"queue {self.id}: acceleration must be finite and >= 0")
        if self.any_agent_after_s is not None and not (0 <= self.any_agent_after_s < math.inf):
            raise ValueError(f"queue {self.id}: any_agent_after_s must be finite and >= 0")
        if self.offer_timeout_s is not None and not 0 < self.offer_timeout_s < math.inf:
            raise ValueError(f"queue {self.id}: offer_timeout_s must be finite and > 0")
        if self.wrap_up_s is not None and not self.wrap_up_s > 0:
            raise ValueError(f"queue {self.id}: wrap_up_s must be > 0 (or None, or math.inf)")


@dataclass(frozen=True, slots=True)
class Agent:
    """An agent's skills (proficiency 1–5), per-channel capacity and queue membership.

    Voice is exclusive: an agent on (or offered) a call takes nothing else, and a call is only
    offered to an agent holding no other contact. Chat, email and SMS mix freely, each up to its
    own capacity. A channel missing from `capacity` means capacity 0.
    """

    id: str
    skills: Mapping[str, int] = field(default_factory=dict)
    capacity: Mapping[Channel, int] = field(default_factory=lambda: {Channel.VOICE: 1})
    queues: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("agent id must not be empty")
        _check_proficiencies(f"agent {self.id}", self.skills)
        for channel, slots in self.capacity.items():
            if not isinstance(channel, Channel):
                raise ValueError(f"agent {self.id}: capacity key {channel!r} is not a Channel")
            if slots < 0:
                raise ValueError(f"agent {self.id}: capacity for {channel} must be >= 0")
