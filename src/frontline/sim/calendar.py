"""The simulator's event calendar: a heapq of ``(time, sequence, kind, key)`` tuples.

The sequence number makes entries with equal times leave in the order they were scheduled and
keeps tuple comparison away from the keys. Arrivals are not in here: they are pre-drawn and
sorted, and the loop merges them with the calendar by comparing times.
"""

from __future__ import annotations

import heapq
import itertools
from typing import Any

COMPLETE, ABANDON, WRAP_END, TICK, SHIFT = range(5)
"""Calendar entry kinds: a contact's handling ends, a customer's patience runs out, an agent's
wrap-up ends, the routing engine has timed work due, an agent's shift event."""

Entry = tuple[float, int, int, Any]
"""The key's type follows the kind: a contact index, an agent id, a shift event or None."""


class Calendar:
    """Future events in time order."""

    __slots__ = ("entries", "next_seq")

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.next_seq = itertools.count().__next__
        """Sequence numbers for entries; hot paths push ``(at, next_seq(), kind, key)``
        to ``entries`` themselves to save a call."""

    def schedule(self, at: float, kind: int, key: object) -> None:
        heapq.heappush(self.entries, (at, self.next_seq(), kind, key))

    def next_time(self) -> float:
        """Time of the earliest entry (infinity when empty)."""
        return self.entries[0][0] if self.entries else float("inf")

    def pop(self) -> Entry:
        return heapq.heappop(self.entries)

    def __len__(self) -> int:
        return len(self.entries)
