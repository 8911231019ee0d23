"""Feeding the agent state log from the live routing service without touching it.

The routing service publishes every agent state change to the realtime hub after its
transaction commits (``{"type": "state", "state", "reason", "since"}`` on ``agent:<user id>``).
``StateLogFeed`` is a ``RealtimeHub`` that passes everything through to the real hub and copies
those events into a queue; its own thread writes them to the state log in batches, one
transaction per batch, so the routing worker never waits on this extra write. The composition
root wraps the hub with it and runs it as a background service.

A batch is what arrived during one tick (``TICK_S``) after the first change, not whatever
happened to be queued: under load, writing each change as it comes costs a transaction, an
agent lookup and two or three statements per change; a tick's worth shares the transaction and
the lookups, and is written in three statements (``apply_states``). The log is read for adherence
reports, minutes later, so a fraction of a second of delay costs nothing. The agent id of
each user is remembered for a minute and the unknown ones are read in one query per batch
(looking each up loaded the whole agent profile per change); a batch that fails is retried
once with fresh lookups.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from frontline.service.live.ports import JsonDict, RealtimeHub, Subscription
from frontline.service.wfm.ports import WfmUnitOfWork
from frontline.service.wfm.state_log import AgentStateChange, apply_states

log = logging.getLogger(__name__)
AGENT_STREAM = "agent:"
MAX_BATCH = 5000
TICK_S = 0.5
AGENT_ID_TTL_S = 60.0


@dataclass(frozen=True)
class StateChange:
    user_id: int
    state: str
    reason: str | None
    at: datetime


def state_change(stream: str, payload: JsonDict) -> StateChange | None:
    """The state change an event on the hub announces, if it is one."""
    if not stream.startswith(AGENT_STREAM) or payload.get("type") != "state":
        return None
    try:
        return StateChange(
            int(stream[len(AGENT_STREAM) :]),
            str(payload["state"]),
            payload.get("reason"),
            datetime.fromisoformat(str(payload["since"])),
        )
    except (KeyError, ValueError):
        log.warning("ignoring a malformed state event on %s: %r", stream, payload)
        return None


class StateLogFeed:
    def __init__(
        self, hub: RealtimeHub, uow: Callable[[], WfmUnitOfWork], tick_s: float = TICK_S
    ) -> None:
        self._hub = hub
        self._uow = uow
        self._tick_s = tick_s
        self._pending: queue.SimpleQueue[StateChange | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._agent_ids: dict[int, tuple[float, int | None]] = {}  # user: (until, agent)

    # ------------------------------------------------------------ RealtimeHub
    def subscribe(self, stream: str) -> Subscription:
        return self._hub.subscribe(stream)

    def subscribers(self, stream: str) -> int:
        return self._hub.subscribers(stream)

    def publish(self, stream: str, payload: JsonDict) -> None:
        self._hub.publish(stream, payload)
        change = state_change(stream, payload)
        if change is not None:
            self._pending.put(change)

    # ------------------------------------------------------ background service
    def start(self) -> None:
        if self._thread is None:
            self._stopping.clear()
            self._thread = threading.Thread(target=self._run, name="state-log", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stopping.set()  # cuts the current tick short
            self._pending.put(None)
            thread.join(timeout=10)
        self.drain()

    def _run(self) -> None:
        while True:
            first = self._pending.get()
            if first is None:
                return
            self._stopping.wait(self._tick_s)  # let the tick's other changes arrive
            self._write([first, *self._take()])

    def _take(self) -> list[StateChange]:
        batch: list[StateChange] = []
        while len(batch) < MAX_BATCH:
            try:
                item = self._pending.get_nowait()
            except queue.Empty:
                break
            if item is None:
                self._pending.put(None)  # let the loop see the stop marker
                break
            batch.append(item)
        return batch

    def drain(self) -> int:
        """Write whatever is queued now, on the caller's thread (tests, shutdown)."""
        batch = self._take()
        self._write(batch)
        return len(batch)

    def _write(self, batch: list[StateChange]) -> None:
        if not batch:
            return
        try:
            self._write_once(batch)
        except Exception:
            self._agent_ids.clear()  # perhaps a profile deleted since: look them up afresh
            try:
                self._write_once(batch)
            except Exception:
                log.exception("writing %d agent state changes failed", len(batch))

    def _write_once(self, batch: list[StateChange]) -> None:
        with self._uow() as uow:
            for refused in apply_states(uow, self._agent_changes(uow, batch)).refused:
                log.warning("state log: %s", refused)
            uow.commit()

    def _agent_changes(
        self, uow: WfmUnitOfWork, batch: list[StateChange]
    ) -> list[AgentStateChange]:
        """The batch in order, by agent id; changes of users without an agent profile dropped."""
        agent_ids = self._agent_ids_of(uow, {change.user_id for change in batch})
        return [
            AgentStateChange(agent_id, change.state, change.reason, change.at)
            for change in batch
            if (agent_id := agent_ids.get(change.user_id)) is not None
        ]

    def _agent_ids_of(self, uow: WfmUnitOfWork, user_ids: set[int]) -> dict[int, int | None]:
        """Each user's agent profile id, remembered for ``AGENT_ID_TTL_S``; the ones not
        known (or expired) are read in one query: loading the whole agent profile per change,
        and then per user as the entries expired, was most of this thread's work."""
        now = time.monotonic()
        known: dict[int, int | None] = {}
        for user_id in user_ids:
            entry = self._agent_ids.get(user_id)
            if entry is not None and entry[0] > now:
                known[user_id] = entry[1]
        missing = user_ids - known.keys()
        if missing:
            found = uow.agents.ids_by_user(missing)
            for user_id in missing:
                known[user_id] = found.get(user_id)
                self._agent_ids[user_id] = (now + AGENT_ID_TTL_S, known[user_id])
        return known
