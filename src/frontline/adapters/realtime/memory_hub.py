"""An in-process realtime hub: one bounded queue per subscriber, per stream.

It implements ``service.live.ports.RealtimeHub`` for a single node. The routing service
publishes from its own thread; each subscription belongs to the event loop that created it
and receives its events through ``call_soon_threadsafe``. A subscriber that falls too far
behind (a stalled socket) is cut off rather than let memory grow: it gets an overflow marker,
the gateway closes the socket, and the client reconnects and replays from the event log by
id, so nothing is lost. Several nodes would put Redis or NATS behind the same Protocol.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

JsonDict = dict[str, Any]
OVERFLOW: JsonDict = {"type": "_overflow"}
DEFAULT_MAX_PENDING = 2000


class MemorySubscription:
    def __init__(self, hub: MemoryHub, stream: str, max_pending: int) -> None:
        self._hub = hub
        self.stream = stream
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[JsonDict] = asyncio.Queue()
        self._max_pending = max_pending
        self.overflowed = False

    def deliver(self, payload: JsonDict) -> None:
        """Called from any thread."""
        try:
            self._loop.call_soon_threadsafe(self._push, payload)
        except RuntimeError:  # the loop is closed: the socket is gone anyway
            self.close()

    def _push(self, payload: JsonDict) -> None:
        if self.overflowed:
            return
        if self._queue.qsize() >= self._max_pending:
            self.overflowed = True
            self._queue.put_nowait(OVERFLOW)
            return
        self._queue.put_nowait(payload)

    async def next(self) -> JsonDict:
        return await self._queue.get()

    def close(self) -> None:
        self._hub._remove(self)


class MemoryHub:
    def __init__(self, max_pending: int = DEFAULT_MAX_PENDING) -> None:
        self._streams: dict[str, set[MemorySubscription]] = {}
        self._max_pending = max_pending
        self._lock = threading.Lock()

    def subscribe(self, stream: str) -> MemorySubscription:
        """Must be called on the event loop the subscriber will read from."""
        subscription = MemorySubscription(self, stream, self._max_pending)
        with self._lock:
            self._streams.setdefault(stream, set()).add(subscription)
        return subscription

    def publish(self, stream: str, payload: JsonDict) -> None:
        with self._lock:
            targets = list(self._streams.get(stream, ()))
        for subscription in targets:
            subscription.deliver(payload)

    def subscribers(self, stream: str) -> int:
        with self._lock:
            return len(self._streams.get(stream, ()))

    def _remove(self, subscription: MemorySubscription) -> None:
        with self._lock:
            subscribers = self._streams.get(subscription.stream)
            if subscribers is None:
                return
            subscribers.discard(subscription)
            if not subscribers:
                del self._streams[subscription.stream]
