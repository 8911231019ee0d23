"""Future work of the engine: offer timeouts, timed wrap-up ends, widening steps.

One heap ordered by (due time, sequence). Entries are retired lazily: each carries the token its
record had when scheduled, and `is_live` compares it with the record's current token, so an offer
that was answered or a contact that left the queue costs nothing to "cancel".
"""

from __future__ import annotations

import math
from enum import IntEnum
from heapq import heappop, heappush

from frontline.domain.routing.runtime import AgentRuntime, ContactRuntime, Phase


class TimerKind(IntEnum):
    OFFER_TIMEOUT = 0
    WRAP_UP_END = 1
    WIDENING = 2


_WRAP_UP_END, _OFFER_TIMEOUT = TimerKind.WRAP_UP_END, TimerKind.OFFER_TIMEOUT  # see `core`
_OFFERED = Phase.OFFERED

Timer = tuple[float, int, TimerKind, AgentRuntime | ContactRuntime, int]


def later(now: float, delay: float) -> float:
    """`now + delay` for a positive delay, but never `now` itself: at large clock values a
    short delay can vanish in rounding, and a timer due at the instant that armed it could
    fire and re-arm without the clock moving."""
    due = now + delay
    return due if due > now else math.nextafter(now, math.inf)


def is_live(timer: Timer) -> bool:
    """Would firing this timer still mean something?"""
    _, _, kind, record, token = timer
    if kind is _WRAP_UP_END:
        assert isinstance(record, AgentRuntime)
        return record.wrap_up and record.wrap_token == token
    assert isinstance(record, ContactRuntime)
    if kind is _OFFER_TIMEOUT:
        return record.phase is _OFFERED and record.offer_token == token
    return record.wait_seq == token


class TimerHeap:
    """Due-ordered timers with lazy cancellation."""

    __slots__ = ("_heap",)

    def __init__(self) -> None:
        self._heap: list[Timer] = []

    def schedule(
        self,
        due: float,
        seq: int,
        kind: TimerKind,
        record: AgentRuntime | ContactRuntime,
        token: int,
    ) -> None:
        heappush(self._heap, (due, seq, kind, record, token))

    def next_due(self) -> float | None:
        """Due time of the earliest live timer (retired ones are dropped on the way)."""
        heap = self._heap
        while heap:
            if is_live(heap[0]):
                return heap[0][0]
            heappop(heap)
        return None

    def pop_due(self, now: float) -> Timer | None:
        """The earliest live timer due at or before `now`, removed from the heap."""
        heap = self._heap
        while heap and heap[0][0] <= now:
            timer = heappop(heap)
            if is_live(timer):
                return timer
        return None

    def has_due(self, now: float) -> bool:
        """Cheap pre-check used on every command: is anything possibly due?"""
        return bool(self._heap) and self._heap[0][0] <= now
