"""Ready agents of one queue at one qualification level, in policy order, with O(1) updates.

The engine's clock never runs backwards and a free agent is (re)indexed at `now` with a fresh,
increasing sequence number, so agents enter the pool in idle order: a FIFO deque *is*
longest-idle order, with no comparisons. A policy only sorts agents into a few discrete buckets
(by load, by proficiency); within a bucket the longest idle goes first.

An entry is one int, `sequence << SLOT_BITS | agent slot`, rather than a tuple: ints are not
tracked by the garbage collector, so hundreds of thousands of entries cost the cyclic collector
nothing and memory stays small. An entry is live while its agent's `index_seq` still equals its
sequence; any change to the agent resets `index_seq`, retiring all its entries at once. Stale
entries are dropped when they reach a head, and by `sweep`, which the engine runs round-robin
over all pools, a little after each indexing (amortised O(1), no pauses).
"""

from __future__ import annotations

from bisect import insort
from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frontline.domain.routing.runtime import AgentRuntime

SLOT_BITS = 24
SLOT_MASK = (1 << SLOT_BITS) - 1
PolicyKey = tuple[float, ...]
Candidate = tuple[PolicyKey, int, "AgentRuntime"]
"""(policy key, entry, agent): compares in the order agents are preferred (entry order = idle
order)."""


class ReadyPool:
    """Per-bucket FIFO deques of ready agents; `best` returns the preferred live one."""

    __slots__ = ("agents", "buckets", "ordered", "size")

    def __init__(self, agents: Sequence[AgentRuntime | None]) -> None:
        self.agents = agents  # the engine's agents by slot, shared by all pools
        self.buckets: dict[PolicyKey, deque[int]] = {}
        self.ordered: list[tuple[PolicyKey, deque[int]]] = []  # best bucket first
        self.size = 0  # agents qualified at this level

    def bucket(self, key: PolicyKey) -> deque[int]:
        """The deque for a policy key, created on first use. Agents resolve their buckets once,
        when they are added, so indexing a free agent is a plain append."""
        found = self.buckets.get(key)
        if found is None:
            found = self.buckets[key] = deque()
            insort(self.ordered, (key, found), key=lambda pair: pair[0])
        return found

    def sweep(self) -> int:
        """Drop stale entries from buckets that may hold many; returns the pool's entry count
        before the sweep (the engine paces sweeps by it)."""
        agents = self.agents
        held = 0
        for bucket in self.buckets.values():
            held += len(bucket)
            if len(bucket) <= self.size:  # cannot hold more stale entries than agents
                continue
            live = [
                e
                for e in bucket
                if (a := agents[e & SLOT_MASK]) is not None and a.index_seq == e >> SLOT_BITS
            ]
            bucket.clear()
            bucket.extend(live)
        return held

    def best(self, excluded: set[str] | None) -> Candidate | None:
        """The preferred live agent not in `excluded`, or None."""
        agents = self.agents
        for key, bucket in self.ordered:
            while bucket:
                entry = bucket[0]
                agent = agents[entry & SLOT_MASK]
                if agent is not None and agent.index_seq == entry >> SLOT_BITS:
                    if excluded is None or agent.id not in excluded:
                        return (key, entry, agent)
                    break
                bucket.popleft()
            if excluded is None or not bucket:
                continue
            for entry in bucket:
                agent = agents[entry & SLOT_MASK]
                live = agent is not None and agent.index_seq == entry >> SLOT_BITS
                if live and agent is not None and agent.id not in excluded:
                    return (key, entry, agent)
        return None
