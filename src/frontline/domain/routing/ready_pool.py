"""Ready agents of one queue at one qualification level, in policy order, with O(1) updates.

The engine's clock never runs backwards and an agent is (re)indexed with `idle_since = now`, so
agents enter the pool in idle order: a FIFO deque *is* longest-idle order, with no comparisons.
A policy therefore only sorts agents into a few discrete buckets (by load, by proficiency) and
within a bucket the longest idle goes first. Updates cost a deque append; a stale entry (the
agent changed since) is dropped when it reaches the head, or in a compaction sweep once a deque
holds more than twice as many entries as the pool has qualified agents.
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

    __slots__ = ("buckets", "order", "size")

    def __init__(self) -> None:
        self.buckets: dict[PolicyKey, deque[ReadyEntry]] = {}
        self.order: list[PolicyKey] = []  # bucket keys, best first
        self.size = 0  # agents qualified at this level (bounds the deques)

    def add(self, key: PolicyKey, entry: ReadyEntry) -> None:
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = self.buckets[key] = deque()
            insort(self.order, key)
        bucket.append(entry)
        if len(bucket) > 2 * self.size + 32:
            live = [e for e in bucket if e[2].version == e[3]]
            bucket.clear()
            bucket.extend(live)

    def best(self, excluded: set[str] | None) -> Candidate | None:
        """The preferred live agent not in `excluded`, or None."""
        for key in self.order:
            bucket = self.buckets[key]
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
