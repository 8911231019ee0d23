"""Ready agents of one queue at one qualification level, in policy order, with O(1) updates.

The engine's clock never runs backwards and an agent is (re)indexed with `idle_since = now`, so
agents enter the pool in idle order: a FIFO deque *is* longest-idle order, with no comparisons.
A policy therefore only sorts agents into a few discrete buckets (by load, by proficiency) and
within a bucket the longest idle goes first. Updates cost a deque append; a stale entry (the
agent changed since) is dropped when it reaches the head, or in a periodic `sweep`
of the engine once the appends since the last sweep exceed a few times the index size.
"""

from __future__ import annotations

from bisect import insort
from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frontline.domain.routing.runtime import AgentRuntime

PolicyKey = tuple[float, ...]
ReadyEntry = tuple[float, int, "AgentRuntime", int]
"""(idle_since, sequence, agent, agent version); live while the agent's version is unchanged."""
Candidate = tuple[PolicyKey, float, int, "AgentRuntime"]
"""(policy key, idle_since, sequence, agent): compares in the order agents are preferred."""


class ReadyPool:
    """Per-bucket FIFO deques of ready agents; `best` returns the preferred live one."""

    __slots__ = ("buckets", "ordered", "size")

    def __init__(self) -> None:
        self.buckets: dict[PolicyKey, deque[ReadyEntry]] = {}
        self.ordered: list[tuple[PolicyKey, deque[ReadyEntry]]] = []  # best bucket first
        self.size = 0  # agents qualified at this level

    def bucket(self, key: PolicyKey) -> deque[ReadyEntry]:
        """The deque for a policy key, created on first use. Agents resolve their buckets once,
        when they are added, so indexing a free agent is a plain append."""
        found = self.buckets.get(key)
        if found is None:
            found = self.buckets[key] = deque()
            insort(self.ordered, (key, found), key=lambda pair: pair[0])
        return found

    def sweep(self) -> None:
        """Drop stale entries from every bucket (the engine calls this now and then, so buckets
        of queues nobody asks for do not grow without bound)."""
        for bucket in self.buckets.values():
            live = [e for e in bucket if e[2].version == e[3]]
            bucket.clear()
            bucket.extend(live)

    def best(self, excluded: set[str] | None) -> Candidate | None:
        """The preferred live agent not in `excluded`, or None."""
        for key, bucket in self.ordered:
            while bucket and bucket[0][2].version != bucket[0][3]:
                bucket.popleft()
            if not bucket:
                continue
            if excluded is None:
                idle_since, seq, agent, _ = bucket[0]
                return (key, idle_since, seq, agent)
            for idle_since, seq, agent, version in bucket:
                if agent.version == version and agent.id not in excluded:
                    return (key, idle_since, seq, agent)
        return None
