"""An in-memory sliding-window login throttle for a single node.

It implements ``service.ports.LoginThrottle``; several nodes would share one store (PostgreSQL or
Redis) behind the same Protocol. Memory is bounded: stale keys are dropped as they are touched
and the whole table is pruned when it grows past ``max_keys``.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class SlidingWindowThrottle:
    def __init__(
        self,
        max_attempts: int,
        window_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        if max_attempts < 1 or window_seconds <= 0:
            raise ValueError("need at least one attempt in a positive window")
        self.max_attempts = max_attempts
        self.window = window_seconds
        self._clock = clock
        self._max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    @property
    def tracked_keys(self) -> int:
        """How many keys currently hold attempts (memory use is proportional to this)."""
        return len(self._hits)

    def _recent(self, key: str, now: float) -> deque[float]:
        hits = self._hits.get(key)
        if hits is None:
            return deque()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if not hits:
            del self._hits[key]
        return hits

    def retry_after(self, key: str) -> float | None:
        with self._lock:
            now = self._clock()
            hits = self._recent(key, now)
            if len(hits) < self.max_attempts:
                return None
            return max(hits[0] + self.window - now, 0.001)

    def hit(self, key: str) -> None:
        with self._lock:
            now = self._clock()
            if len(self._hits) >= self._max_keys:
                for stale in list(self._hits):
                    self._recent(stale, now)
            self._recent(key, now)
            self._hits.setdefault(key, deque()).append(now)

    def reset(self, key: str) -> None:
        with self._lock:
            self._hits.pop(key, None)
