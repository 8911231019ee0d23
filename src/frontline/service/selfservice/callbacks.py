"""Releasing promised callbacks: a periodic task turns each due callback into an outbound
voice interaction in its queue, routed to an agent like any waiting contact.

A keep-my-place callback is due at once and enters the queue with the moment the customer
would have started waiting as its arrival time, so it keeps its place in line; a scheduled
one is released at the chosen time. The agent sees the number to call and the flow's context.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from frontline.domain.org.errors import DomainError
from frontline.service.selfservice.live_commands import StartVoiceCall
from frontline.service.selfservice.ports import CallbackStore, StoredCallback

log = logging.getLogger(__name__)
BATCH = 50


def release_due(
    store: CallbackStore, execute: Callable[[Any], Any], now: datetime
) -> list[tuple[int, int | None]]:
    """Release every due callback; returns ``(callback id, interaction id or None)``."""
    released = []
    for callback in store.due_callbacks(now, BATCH):
        interaction_id = _release(callback, execute)
        store.mark_released(callback.id, interaction_id)
        released.append((callback.id, interaction_id))
    return released


def _release(callback: StoredCallback, execute: Callable[[Any], Any]) -> int | None:
    request = callback.request
    context = {
        **callback.context,
        "callback": {
            "number": request.number,
            "mode": request.mode.value,
            "requested_at": request.requested_at.isoformat(),
        },
    }
    command = StartVoiceCall(
        request.number,
        request.queue,
        request.priority,
        context,
        arrived_at=request.ordering_at,
        subject=f"Callback to {request.number}",
    )
    try:
        answer = execute(command)
    except DomainError as exc:
        log.warning("callback %s to queue %r not released: %s", callback.id, request.queue, exc)
        return None
    return int(answer["interaction_id"])


class CallbackReleaser:
    """The periodic task (a background service of the server)."""

    def __init__(
        self,
        store: CallbackStore,
        execute: Callable[[Any], Any],
        clock: Callable[[], datetime],
        every_seconds: float,
    ) -> None:
        self.store = store
        self.execute = execute
        self.clock = clock
        self.every_seconds = every_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="callback-releaser", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.wait(self.every_seconds):
            try:
                release_due(self.store, self.execute, self.clock())
            except Exception:
                log.exception("releasing due callbacks failed; trying again shortly")
