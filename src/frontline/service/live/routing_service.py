"""The routing service: one single writer per organisation, as ARCHITECTURE.md asks.

Commands from every entrypoint go into one inbox and are applied strictly in order by one
worker that owns the ``RoutingEngine``. The worker takes whatever is waiting (up to
``max_batch``), applies each command against the engine and the interaction records inside
one database transaction, runs the engine's due timers, stores the resulting events and
commits once; only then are the callers answered and the events pushed to the realtime hub.
So an interaction is durable before the API answers, and no client ever sees an event that
a failed commit took back. Batching is what keeps 50 new chats a second cheap: one commit
(one fsync) serves every command that arrived while the previous batch was being written.
What a command needs that does not depend on the order of commands (a new chat's customer,
a wrap-up's rules) is read before it enters the inbox (``ahead``), so the worker itself
waits on little more than the batch's writes; while the inbox holds seconds of work, new
chats are refused (``backlog``) rather than queued without bound.

The worker is a thread of its own (the SQL driver is synchronous, and the engine must only
ever be touched by one thread). Callers on the web server's event loop await a future that
the worker completes; the SMTP listener's thread calls ``execute_blocking``. If a commit
fails, the engine may have run ahead of the record: the working set is rebuilt from the
database and the callers of that batch get the error.

The events of chats started here are also kept in a bounded journal (``journal``), recorded
after the commit and before the hub publish, so a new chat's socket replays from memory.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from frontline.domain.live.interactions import Interaction, InteractionStatus
from frontline.domain.live.messages import Message
from frontline.domain.org.errors import Conflict, DomainError
from frontline.domain.routing import RoutingError
from frontline.service.live import agent_side, customer_side, reads
from frontline.service.live import commands as c
from frontline.service.live.backlog import Backlog, LoopLag
from frontline.service.live.journal import StreamJournal
from frontline.service.live.lookups import NeedsReload
from frontline.service.live.ports import (
    JsonDict,
    LiveReaderFactory,
    LiveWriterFactory,
    RealtimeHub,
)
from frontline.service.live.restore import build_state, restore
from frontline.service.live.state import WALLBOARD_STREAM, LiveSettings, LiveState, Tx
from frontline.service.live.timers import run_due_timers, seconds_to_next_timer, start_grace
from frontline.service.selfservice.live_commands import HANDLERS as SELF_SERVICE_HANDLERS
from frontline.service.selfservice.live_commands import StartBotChat

log = logging.getLogger(__name__)

EmailReplier = Callable[[Interaction, Message], None]
WALLBOARD_EVERY_S = 1.0
WALLBOARD_AT_LEAST_EVERY_S = 5.0
NEW_CHATS = (c.StartChat, StartBotChat)  # refused while the worker is far behind


class ServiceStopped(DomainError):
    """The routing service is shutting down; the command was not applied."""


@dataclass
class _Job:
    command: Any
    future: Future[Any]


_STOP = object()


class RoutingService:
    def __init__(
        self,
        writer: LiveWriterFactory,
        reader: LiveReaderFactory,
        hub: RealtimeHub,
        settings: LiveSettings,
        *,
        clock: Callable[[], float] = time.time,
        email_replier: EmailReplier | None = None,
        on_stop: Callable[[], None] | None = None,
        journal: StreamJournal | None = None,
    ) -> None:
        self.hub = hub
        self.journal = (
            journal if journal is not None else StreamJournal(max_age_s=settings.event_retention_s)
        )
        self._on_stop = on_stop
        self.settings = settings
        self._writer = writer
        self._reader = reader
        self._clock = clock
        self._last_now = 0.0
        self._email_replier = email_replier
        self._inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._pending: list[_Job] = []
        self._state: LiveState | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._mailer: ThreadPoolExecutor | None = None
        self._last_push = 0.0
        self.backlog = Backlog(settings.max_backlog_s)
        self.loop_lag = LoopLag(settings.max_loop_lag_s)

    # ---------------------------------------------------------------- lifecycle
    def start(self) -> None:
        """Rebuild from the database and start the worker (idempotent)."""
        with self._lock:
            if self._thread is not None:
                return
            published = self._rebuild()
            self._publish(published)
            self._mailer = ThreadPoolExecutor(1, thread_name_prefix="email-replies")
            self._thread = threading.Thread(target=self._run, name="routing-service", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
            if thread is None:
                return
            self._inbox.put(_STOP)
            thread.join(timeout=10)
            if self._on_stop is not None:
                self._on_stop()
            if self._mailer is not None:
                self._mailer.shutdown(wait=True)
                self._mailer = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    @property
    def state(self) -> LiveState:
        assert self._state is not None, "the routing service has not started"
        return self._state

    # ----------------------------------------------------------------- commands
    def submit(self, command: Any) -> Future[Any]:
        """Queue ``command``; the future completes once it is committed (or refused)."""
        if self._thread is None:
            self.start()
        future: Future[Any] = Future()
        self._inbox.put(_Job(command, future))
        return future

    def admit(self, command: Any) -> None:
        """Raise ``Overloaded`` for a new chat while the worker is seconds behind or the
        event loop runs late (call on the event loop)."""
        if isinstance(command, NEW_CHATS):
            self.loop_lag.watch()
            self.backlog.admit(self._inbox.qsize())
            self.loop_lag.admit()

    async def execute(self, command: Any) -> Any:
        """Apply ``command`` in order with every other; returns once it is committed. A new
        chat is refused (``Overloaded``) while the worker is seconds behind (``backlog``)."""
        self.admit(command)
        return await asyncio.wrap_future(self.submit(command))

    def execute_blocking(self, command: Any, timeout: float = 30.0) -> Any:
        return self.submit(command).result(timeout)

    def _now(self) -> float:
        now = max(self._last_now, self._clock())
        self._last_now = now
        return now

    def _next_jobs(self) -> list[_Job] | None:
        jobs, self._pending = self._pending, []
        if not jobs:
            timeout = seconds_to_next_timer(self.state, self._now())
            if self.hub.subscribers(WALLBOARD_STREAM):
                timeout = min(timeout, WALLBOARD_EVERY_S)
            try:
                item = self._inbox.get(timeout=max(timeout, 0.0005))
            except queue.Empty:
                return []
            if item is _STOP:
                return None
            jobs.append(item)
        while len(jobs) < self.settings.max_batch:
            try:
                item = self._inbox.get_nowait()
            except queue.Empty:
                break
            if item is _STOP:
                self._inbox.put(_STOP)
                break
            jobs.append(item)
        return jobs

    def _run(self) -> None:
        while (jobs := self._next_jobs()) is not None:
            self._run_batch(jobs)
            self._push_wallboard()
        for job in self._pending:
            job.future.set_exception(ServiceStopped("the server is shutting down"))
        while True:
            try:
                item = self._inbox.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, _Job):
                item.future.set_exception(ServiceStopped("the server is shutting down"))

    def _run_batch(self, jobs: list[_Job]) -> None:
        started = time.perf_counter()
        try:
            answers, published, retry, tx = self._apply(jobs)
        except Exception as exc:  # the commit failed: memory may be ahead of the record
            log.exception("routing batch failed; rebuilding from the database")
            for job in jobs:
                if not job.future.done():
                    job.future.set_exception(exc)
            self._recover()
            return
        self.journal.record(tx.born, published, tx.now)  # before a socket could see them live
        self._publish(published)
        for job, result, error in answers:
            if error is not None:
                job.future.set_exception(error)
            else:
                job.future.set_result(result)
        self.backlog.observe(len(jobs), time.perf_counter() - started)
        if retry:
            self._recover()
            self._pending = retry
        for reply in tx.email_replies or []:
            self._send_reply(reply)

    def _recover(self) -> None:
        for attempt in range(30):
            try:
                self._publish(self._rebuild())
                return
            except Exception:
                log.exception("rebuilding the routing state failed (attempt %d)", attempt + 1)
                time.sleep(1.0)

    def _apply(
        self, jobs: list[_Job]
    ) -> tuple[
        list[tuple[_Job, Any, BaseException | None]],
        list[tuple[str, JsonDict]],
        list[_Job],
        Tx,
    ]:
        state = self.state
        now = self._now()
        answers: list[tuple[_Job, Any, BaseException | None]] = []
        retry: list[_Job] = []
        with self._writer() as writer:
            tx = Tx(writer, state, self._reader, now)
            for job in jobs:
                command = job.command
                handler = _CONNECTION_HANDLERS.get(type(command)) or HANDLERS[type(command)]
                try:
                    answers.append((job, handler(tx, command), None))
                except NeedsReload:
                    retry.append(job)
                except DomainError as exc:
                    answers.append((job, None, exc))
                except RoutingError as exc:
                    answers.append((job, None, Conflict(str(exc))))
            run_due_timers(tx)
            tx.flush()
            published = self._store(tx)
            writer.commit()
        return answers, published, retry, tx

    def _store(self, tx: Tx) -> list[tuple[str, JsonDict]]:
        ids = tx.writer.append_events(tx.outbox, tx.at)
        return [
            (stream, {"id": event_id, **payload})
            for event_id, (stream, payload) in zip(ids, tx.outbox, strict=True)
        ]

    def _rebuild(self) -> list[tuple[str, JsonDict]]:
        self.journal.clear()  # memory may be ahead of or behind the record
        now = self._now()
        state, open_interactions, presences = build_state(self._reader, self.settings, now)
        if self._state is not None:
            state.connections = self._state.connections
        with self._writer() as writer:
            tx = Tx(writer, state, self._reader, now)
            restore(tx, open_interactions, presences)
            tx.flush()
            published = self._store(tx)
            writer.commit()
        self._state = state
        return published

    def _publish(self, events: list[tuple[str, JsonDict]]) -> None:
        for stream, payload in events:
            self.hub.publish(stream, payload)

    def _send_reply(self, reply: tuple[Interaction, Message]) -> None:
        replier, mailer = self._email_replier, self._mailer
        if replier is None or mailer is None:
            return

        def send() -> None:
            try:
                replier(*reply)
            except Exception:
                log.exception("sending the email reply of interaction %s failed", reply[0].id)

        mailer.submit(send)

    def _push_wallboard(self) -> None:
        """Push the wallboard document at most once a second while someone watches (and at
        least every 5 s, so waiting times keep moving)."""
        if not self.hub.subscribers(WALLBOARD_STREAM):
            return
        now = time.monotonic()
        state = self.state
        if now - self._last_push < WALLBOARD_EVERY_S:
            return
        if not state.wallboard_dirty and now - self._last_push < WALLBOARD_AT_LEAST_EVERY_S:
            return
        state.wallboard_dirty = False
        self._last_push = now
        document = reads.stats_document(state, self._now(), None)
        self.hub.publish(WALLBOARD_STREAM, {"type": "stats", **document})


def _socket_opened(tx: Tx, cmd: c.SocketOpened) -> None:
    tx.state.connections[cmd.stream] += 1
    tx.state.grace.pop(cmd.stream, None)


def _socket_closed(tx: Tx, cmd: c.SocketClosed) -> None:
    state = tx.state
    state.connections[cmd.stream] -= 1
    if state.connections[cmd.stream] > 0:
        return
    del state.connections[cmd.stream]
    if cmd.stream.startswith("agent:"):
        grace = state.settings.agent_grace_s
    elif _customer_is_done(state, cmd.stream):
        return  # most customers close the widget after the chat: nothing to wait for
    else:
        grace = state.settings.customer_grace_s
    start_grace(state, cmd.stream, tx.now + grace)


def _customer_is_done(state: LiveState, stream: str) -> bool:
    """The chat behind ``stream`` can no longer be abandoned (closed, or in wrap-up)."""
    interaction = state.interactions.get(int(stream.partition(":")[2] or 0))
    return interaction is None or interaction.status in _DONE_FOR_CUSTOMER


_DONE_FOR_CUSTOMER = frozenset(
    {InteractionStatus.WRAP_UP, InteractionStatus.CLOSED, InteractionStatus.ABANDONED}
)


_CONNECTION_HANDLERS: dict[type[Any], Callable[[Tx, Any], Any]] = {
    c.SocketOpened: _socket_opened,
    c.SocketClosed: _socket_closed,
}


HANDLERS: dict[type[Any], Callable[[Tx, Any], Any]] = {
    c.StartChat: customer_side.start_chat,
    c.PostCustomerMessage: customer_side.post_customer_message,
    c.EndChat: customer_side.end_chat,
    c.InboundEmail: customer_side.inbound_email,
    c.SetAgentState: agent_side.set_agent_state,
    c.AcceptOffer: agent_side.accept_offer,
    c.DeclineOffer: agent_side.decline_offer,
    c.PostAgentMessage: agent_side.post_agent_message,
    c.TransferInteraction: agent_side.transfer,
    c.EndInteraction: agent_side.end_interaction,
    c.WrapUp: agent_side.wrap_up,
    c.ReadDesktop: reads.desktop,
    c.ReadStats: reads.stats,
    **SELF_SERVICE_HANDLERS,
}
