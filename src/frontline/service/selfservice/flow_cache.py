"""Published flows as the runner needs them, parsed once per version.

Stored versions never change, so a parsed `Flow` can be kept for as long as the process
lives; the cache is bounded so a server that sees many uploads does not grow without limit.
"""

from __future__ import annotations

import threading

from frontline.domain.flows import Flow
from frontline.service.selfservice.flows_admin import NUMBER_TARGET, QUEUE_TARGET, load_flow
from frontline.service.selfservice.ports import FlowStore, StoredFlowVersion

MAX_CACHED = 256


class FlowCache:
    """Also the voice adapter's ``FlowDirectory`` (number → flow, exact versions)."""

    def __init__(self, store: FlowStore) -> None:
        self.store = store
        self._parsed: dict[tuple[str, int], Flow] = {}
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
        stored = self.store.published_for(QUEUE_TARGET + queue)
        return self._flow(stored) if stored is not None else None

    def flow_for_number(self, called: str) -> Flow | None:
        stored = self.store.published_for(NUMBER_TARGET + called)
        return self._flow(stored) if stored is not None else None
