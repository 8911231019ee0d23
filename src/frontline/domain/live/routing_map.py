"""From the organisation model to the routing engine's configuration.

An organisation queue may serve several channels; the engine's queues have exactly one, so
each (queue, channel) pair becomes one routing queue named ``"<queue>/<channel>"`` (queue
names are slugs, so the slash cannot be ambiguous). Agents are keyed by their user id: it
never changes, while usernames are for people. Agents qualify by skills (no explicit
membership), so a queue without required skills is open to every agent with capacity on
its channel: the demo's ``general`` queue relies on that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from frontline.domain.channels import Channel
from frontline.domain.org.agents import Agent as OrgAgent
from frontline.domain.org.queues import Queue as OrgQueue
from frontline.domain.routing import Agent, Queue


@dataclass(frozen=True)
class RoutingTimers:
    """Per-deployment timing rules applied to every routing queue."""

    offer_timeout_s: float | None = 30.0
    wrap_up_s: float | None = 120.0


def routing_queue_id(queue: str, channel: Channel) -> str:
    return f"{queue}/{channel.value}"


def split_routing_queue_id(routing_id: str) -> tuple[str, Channel]:
    name, _, channel = routing_id.rpartition("/")
    return name, Channel(channel)


def routing_agent_id(user_id: int) -> str:
    return str(user_id)


def routing_queues(queues: Iterable[OrgQueue], timers: RoutingTimers) -> list[Queue]:
    """One routing queue per (queue, channel), carrying priority and skill minimums."""
    configs = []
    for queue in queues:
        for channel in sorted(queue.channels):
            configs.append(
                Queue(
                    id=routing_queue_id(queue.name, channel),
                    channel=channel,
                    required_skills=dict(queue.required_skills),
                    priority=queue.priority,
                    offer_timeout_s=timers.offer_timeout_s,
                    wrap_up_s=timers.wrap_up_s,
                )
            )
    return configs


def routing_agent(user_id: int, agent: OrgAgent) -> Agent:
    capacity = {channel: limit for channel, limit in agent.capacity.items() if limit > 0}
    return Agent(id=routing_agent_id(user_id), skills=dict(agent.skills), capacity=capacity)
