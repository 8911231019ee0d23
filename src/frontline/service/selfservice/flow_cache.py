"""Published flows as the runner needs them, parsed once per version.

Stored versions never change, so a parsed `Flow` can be kept for as long as the process
lives; the cache is bounded so a server that sees many uploads does not grow without limit.
Which version a queue or number runs does change (publishing), but every new chat asks, so
the answer is kept for ``TARGET_TTL_S``: a publish through this server clears it at once
(``forget_targets``), one made by another server applies within that time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from frontline.domain.flows import Flow
from frontline.service.selfservice.flows_admin import NUMBER_TARGET, QUEUE_TARGET, load_flow
from frontline.service.selfservice.ports import FlowStore, StoredFlowVersion

MAX_CACHED = 256
TARGET_TTL_S = 5.0


class FlowCache:
    """Also the voice adapter's ``FlowDirectory`` (number → flow, exact versions)."""

    def __init__(
        self,
        store: FlowStore,
        ttl_s: float = TARGET_TTL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self._parsed: dict[tuple[str, int], Flow] = {}
        self._targets: dict[str, tuple[float, StoredFlowVersion | None]] = {}
        self._ttl_s = ttl_s
        self._clock = clock
        self._lock = threading.Lock()

    def _flow(self, stored: StoredFlowVersion) -> Flow:
        key = (stored.flow_id, stored.version)
        with self._lock:
            found = self._parsed.get(key)
        if found is not None:
            return found
        flow = load_flow(stored)
        with self._lock:
            if len(self._parsed) >= MAX_CACHED:
                self._parsed.clear()
            self._parsed[key] = flow
        return flow

    def flow_version(self, flow_id: str, version: int) -> Flow | None:
        with self._lock:
            found = self._parsed.get((flow_id, version))
        if found is not None:
            return found
        stored = self.store.version(flow_id, version)
        return self._flow(stored) if stored is not None else None

    def flow_for_queue(self, queue: str) -> Flow | None:
        stored = self._published_for(QUEUE_TARGET + queue)
        return self._flow(stored) if stored is not None else None

    def flow_for_number(self, called: str) -> Flow | None:
        stored = self._published_for(NUMBER_TARGET + called)
        return self._flow(stored) if stored is not None else None

    def cached_flow_for_queue(self, queue: str) -> tuple[bool, Flow | None]:
        """(True, the flow) when the answer is cached: no store access, safe on an event loop;
        (False, None) when only ``flow_for_queue`` can tell."""
        known, stored = self._cached_target(QUEUE_TARGET + queue)
        if not known or stored is None:
            return known, None
        with self._lock:
            parsed = self._parsed.get((stored.flow_id, stored.version))
        return (True, parsed) if parsed is not None else (False, None)

    def forget_targets(self) -> None:
        """Publishing moved targets: ask the store again on the next lookup."""
        with self._lock:
            self._targets.clear()

    def _cached_target(self, target: str) -> tuple[bool, StoredFlowVersion | None]:
        """(True, what is published for ``target``) while the cached answer is fresh."""
        with self._lock:
            known = self._targets.get(target)
        if known is None or known[0] <= self._clock():
            return False, None
        return True, known[1]

    def _published_for(self, target: str) -> StoredFlowVersion | None:
        known, stored = self._cached_target(target)
        if known:
            return stored
        now = self._clock()
        stored = self.store.published_for(target)
        with self._lock:
            if len(self._targets) >= MAX_CACHED:
                self._targets.clear()
            self._targets[target] = (now + self._ttl_s, stored)
        return stored
