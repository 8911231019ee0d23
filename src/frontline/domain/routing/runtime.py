"""Mutable per-queue, per-agent and per-contact records the engine works on.

Plain `__slots__` classes rather than dataclasses: the hot path reads these attributes millions
of times and slots keep that cheap. Nothing here decides anything; `matching` and `engine` do.

Heap and pool entries carry a *token* (a contact's `wait_seq`, an agent's `index_seq`); an entry is
live only while the record's token still equals it (for pools, while the engine's live-entry map
still holds it: see `ready_pool`). Changing a record changes its token, which
retires all its old entries at once (lazy deletion) instead of searching for them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from enum import IntEnum

from frontline.domain.channels import Channel
from frontline.domain.routing.config import Agent, AgentPolicy, Queue
from frontline.domain.routing.ready_pool import LiveEntries, ReadyPool
from frontline.domain.routing.states import AgentState

WaitEntry = tuple[float, int, "ContactRuntime"]
"""(arrived_at, sequence, contact) in a queue's per-priority waiting heap; live while the
contact's `wait_seq` equals the sequence."""


class Phase(IntEnum):
    """Where a live contact is."""

    WAITING = 0
    OFFERED = 1
    ACTIVE = 2


_VOICE = Channel.VOICE  # enum members as constants: see `core`
_AVAILABLE = AgentState.AVAILABLE
_WAITING = Phase.WAITING


class QueueRuntime:
    """A queue's waiting contacts (one FCFS heap per priority) and ready agents (one pool per
    qualification level)."""

    __slots__ = (
        "accel",
        "buckets",
        "cfg",
        "channel",
        "heaps",
        "id",
        "n_general",
        "n_waiting",
        "policy",
        "pools",
        "thresholds",
    )

    def __init__(
        self,
        cfg: Queue,
        thresholds: tuple[float, ...],
        policy: AgentPolicy,
        live: LiveEntries,
    ) -> None:
        self.cfg = cfg
        self.id = cfg.id
        self.channel = cfg.channel
        self.accel = float(cfg.acceleration)
        self.thresholds = thresholds
        self.policy: AgentPolicy = cfg.agent_policy or policy
        self.pools = [ReadyPool(live) for _ in thresholds]
        self.buckets: dict[int, list[WaitEntry]] = {}  # priority -> FCFS heap
        self.heaps: list[tuple[int, list[WaitEntry]]] = []  # the same, as (priority, heap)
        self.n_general = 0  # waiting in the buckets (open to every qualified agent)
        self.n_waiting = 0  # n_general + contacts transferred to a named agent

    def level_reached(self, arrived_at: float, now: float) -> int:
        """Qualification level reached at `now` by a contact that arrived at `arrived_at`.

        Level k is reached when `now >= arrived_at + thresholds[k]`: the very float sum a
        widening timer is scheduled at (`due_at`). Subtracting instead (`now - arrived_at`) can
        round below the threshold (60 → 59.99999999999818), so a timer firing exactly at its
        due time would see no progress and be re-armed at the same instant forever. The bisect
        on the difference is only a first guess, corrected by the exact comparison.
        """
        thresholds = self.thresholds
        level = bisect_right(thresholds, now - arrived_at) - 1
        while level + 1 < len(thresholds) and arrived_at + thresholds[level + 1] <= now:
            level += 1
        while level > 0 and arrived_at + thresholds[level] > now:
            level -= 1
        return level

    def due_at(self, arrived_at: float, level: int) -> float:
        """When a contact that arrived at `arrived_at` reaches `level` (see `level_reached`)."""
        return arrived_at + self.thresholds[level]


class AgentRuntime:
    """An agent's presence, work in hand and its qualified queues per channel."""

    __slots__ = (
        "active",
        "cap",
        "cfg",
        "channels",
        "id",
        "idle_buckets",
        "index_seq",
        "levels",
        "load",
        "offers",
        "presence",
        "quals",
        "reason",
        "slots",
        "state",
        "targeted",
        "total",
        "voice",
        "wait_needed",
        "wrap_token",
        "wrap_up",
    )

    def __init__(
        self, cfg: Agent, quals: dict[Channel, list[tuple[QueueRuntime, int, float]]]
    ) -> None:
        self.cfg = cfg
        self.id = cfg.id
        self.cap: dict[Channel, int] = {ch: cfg.capacity.get(ch, 0) for ch in Channel}
        self.channels = tuple(ch for ch in Channel if self.cap[ch] > 0)
        self.levels = {q: level for qs in quals.values() for q, level, _ in qs}
        # "Choose a contact" reads, per channel, the agent's queues (to intersect with the
        # queues that have waiting contacts) and per queue how long a contact must have waited
        # before this agent qualifies (its level's threshold): no per-queue level lookups.
        self.quals: tuple[tuple[Channel, frozenset[QueueRuntime]], ...] = tuple(
            (channel, frozenset(q for q, _, _ in qs)) for channel, qs in quals.items()
        )
        self.wait_needed = {q: q.thresholds[level] for q, level in self.levels.items()}
        # channel -> load -> the ready-pool buckets the agent joins when free at that load:
        # resolved once here so that indexing a free agent is a run of appends. (`quals` is not
        # kept: fewer long-lived objects make the garbage collector's full passes cheaper.)
        self.slots: dict[Channel, list[list[deque[int]]]] = {
            channel: [
                [q.pools[lvl].bucket(q.policy(load, prof)) for q, lvl, prof in qs]
                for load in range(1 if channel is Channel.VOICE else self.cap[channel])
            ]
            for channel, qs in quals.items()
        }
        # The buckets of an agent holding nothing (every channel at load 0), in one list: the
        # most common indexing (a call or the last chat ended) is then a single run of appends.
        self.idle_buckets = [bucket for by_load in self.slots.values() for bucket in by_load[0]]
        self.presence = AgentState.OFFLINE
        self.reason: str | None = None
        self.state = AgentState.OFFLINE
        self.load: dict[Channel, int] = dict.fromkeys(Channel, 0)
        self.total = 0  # offered + active contacts, all channels
        self.voice = 0  # offered + active voice contacts
        self.offers: set[str] = set()
        self.active: set[str] = set()
        self.targeted: list[ContactRuntime] = []  # waiting contacts transferred to this agent
        self.wrap_up = False
        self.wrap_token = 0
        self.index_seq = -1  # sequence of its live ready-pool entries; -1 = not indexed

    def can_take(self, channel: Channel) -> bool:
        """May the engine offer this agent one more contact on `channel` right now?"""
        if self.presence is not _AVAILABLE or self.wrap_up or self.voice:
            return False
        if channel is _VOICE:
            return self.total == 0 and self.cap[channel] > 0
        return self.load[channel] < self.cap[channel]

    def can_take_any(self) -> bool:
        """May the engine offer this agent anything at all right now?"""
        if self.presence is not _AVAILABLE or self.wrap_up or self.voice:
            return False
        for channel in self.channels:
            if channel is _VOICE:
                if self.total == 0:
                    return True
            elif self.load[channel] < self.cap[channel]:
                return True
        return False


class ContactRuntime:
    """A live contact: waiting, offered to one agent, or being handled by one agent."""

    __slots__ = (
        "accepted_at",
        "agent",
        "arrived_at",
        "excluded",
        "id",
        "offer_token",
        "phase",
        "priority",
        "queue",
        "target",
        "wait_seq",
    )

    def __init__(self, contact_id: str, queue: QueueRuntime, priority: int, arrived_at: float):
        self.id = contact_id
        self.queue = queue
        self.priority = priority
        self.arrived_at = arrived_at
        self.phase = _WAITING
        self.agent: AgentRuntime | None = None
        self.accepted_at = 0.0
        self.wait_seq = -1
        self.offer_token = 0
        self.excluded: set[str] | None = None  # agents that declined it or transferred it away
        self.target: AgentRuntime | None = None  # set when transferred to a named agent

    def score(self, now: float) -> float:
        return self.priority + (now - self.arrived_at) * self.queue.accel
