"""Agents: the working profile of a user who handles contacts.

Capacity is per channel because the work differs: one phone call at a time, but several chats
or emails side by side. Skills carry a proficiency so routing can prefer the better match.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from frontline.domain.channels import Channel
from frontline.domain.org.errors import InvalidValue
from frontline.domain.org.queues import Queue
from frontline.domain.org.skills import check_proficiency

MAX_CAPACITY = 20
MAX_SKILLS = 100
DEFAULT_CAPACITY: Mapping[Channel, int] = {
    Channel.VOICE: 1,
    Channel.CHAT: 3,
    Channel.EMAIL: 5,
    Channel.SMS: 3,
}


def check_capacity(capacity: Mapping[Channel, int]) -> dict[Channel, int]:
    """Every channel gets a limit (missing ones are 0); nobody talks on two calls at once."""
    checked = {channel: 0 for channel in Channel}
    for channel, limit in capacity.items():
        channel = Channel(channel)
        if not 0 <= limit <= MAX_CAPACITY:
            raise InvalidValue(f"capacity for {channel} must be between 0 and {MAX_CAPACITY}")
        checked[channel] = limit
    if checked[Channel.VOICE] > 1:
        raise InvalidValue("capacity for voice can be at most 1: one call at a time")
    return checked


def check_skill_levels(skills: Mapping[str, int]) -> dict[str, int]:
    if len(skills) > MAX_SKILLS:
        raise InvalidValue(f"an agent can have at most {MAX_SKILLS} skills")
    return {
        name: check_proficiency(level, f"proficiency of {name}") for name, level in skills.items()
    }


@dataclass
class Agent:
    """An agent profile belongs to exactly one user; skills are keyed by skill name."""

    user_id: int
    team_id: int | None = None
    skills: dict[str, int] = field(default_factory=dict)
    capacity: dict[Channel, int] = field(default_factory=lambda: dict(DEFAULT_CAPACITY))
    id: int = 0

    def __post_init__(self) -> None:
        self.skills = check_skill_levels(self.skills)
        self.capacity = check_capacity(self.capacity)

    @property
    def channels(self) -> frozenset[Channel]:
        """Channels this agent can take work on at all."""
        return frozenset(channel for channel, limit in self.capacity.items() if limit > 0)

    def can_serve(self, queue: Queue) -> bool:
        """True if the agent works one of the queue's channels and meets every required level."""
        if not self.channels & queue.channels:
            return False
        return all(
            self.skills.get(skill, 0) >= minimum for skill, minimum in queue.required_skills.items()
        )
