"""Reads a command needs, done before it reaches the routing worker.

The worker applies commands one after another, so any query it runs is paid by every
command queued behind it. Some of what commands need does not depend on the order of
commands at all, and is read here instead, in threads of its own, while the command is on
its way:

- ``StartChat``: the customer, matched (or created) by the CRM rules, which costs several
  queries. Only where the store takes concurrent writers (PostgreSQL): identification
  commits in its own transaction. Chats arriving together are identified together: one
  thread takes every chat waiting (up to ``BATCH``) into one transaction, a few statements
  for all of them instead of several per chat, while the next ones queue for the next
  transaction. Being one thread in arrival order, it gives two arrivals of the same new
  address one customer, as the worker would. Should a batch fail, its chats are identified
  again one per transaction; a chat that fails alone is left to the worker, as anything
  that fails here is. (Addresses are not unique in the database: another server creating
  the same new address at the same moment makes a duplicate, which a merge fixes.)
- ``WrapUp``: the queue's disposition codes and the mandatory script steps still pending,
  in one round trip, in a small thread pool. Neither is written by the worker: reading them
  a moment earlier is the same as reading them in the worker, which does so itself when
  they are missing or were read for another queue.

A command this cannot help (invalid input, unknown queue, interaction not in the working
set) passes through unchanged: the worker refuses or handles it exactly as before.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from frontline.domain.channels import Channel
from frontline.domain.org.customers import check_email
from frontline.domain.org.errors import DomainError
from frontline.domain.org.text import clean_text
from frontline.service.live.commands import StartChat, WrapUp
from frontline.service.live.ports import LiveReaderFactory, LiveWriterFactory, WrapUpRules
from frontline.service.live.state import LiveState

log = logging.getLogger(__name__)
DEFAULT_CHAT_QUEUE = "general"
THREADS = 4  # wrap-up rules: one round trip each
BATCH = 64  # chats identified in one transaction at most
T = TypeVar("T")


@dataclass(frozen=True)
class _Waiting:
    """A chat to identify, and where its caller awaits the customer id (None: the worker
    identifies it)."""

    name: str
    email: str | None
    future: asyncio.Future[int | None]


_Result = tuple[asyncio.Future[int | None], int | None]


class Ahead:
    """Prepares commands on their way to the worker; ``writer`` None: no identification."""

    def __init__(
        self,
        reader: LiveReaderFactory,
        writer: LiveWriterFactory | None,
        threads: int = THREADS,
        batch: int = BATCH,
    ) -> None:
        self._reader = reader
        self._writer = writer
        self._threads = threads
        self._batch = batch
        self._pool: ThreadPoolExecutor | None = None
        # Chats waiting for the identification thread; the lock also guards the two below.
        self._lock = threading.Lock()
        self._waiting: list[_Waiting] = []
        self._identifier: ThreadPoolExecutor | None = None
        self._draining = False  # the identification thread has work or is taking it

    async def prepare(self, command: Any, state: LiveState | None) -> Any:
        if state is None:
            return command
        if isinstance(command, StartChat) and command.customer_id is None and self._writer:
            contact = _contact(command, state)
            if contact is not None:
                found = await self._identify_soon(*contact)
                return command if found is None else replace(command, customer_id=found)
        elif isinstance(command, WrapUp) and command.rules is None:
            interaction = state.interactions.get(command.interaction_id)
            if interaction is not None:
                rules = await self._run(self._rules, command.interaction_id, interaction.queue)
                return command if rules is None else replace(command, rules=rules)
        return command

    async def _run(self, work: Callable[..., T], *args: Any) -> T:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self._threads, thread_name_prefix="ahead")
        return await asyncio.get_running_loop().run_in_executor(self._pool, work, *args)

    def _identify_soon(self, name: str, email: str | None) -> asyncio.Future[int | None]:
        """Queue the chat; wake the identification thread unless it is at work already."""
        future: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()
        with self._lock:
            self._waiting.append(_Waiting(name, email, future))
            if not self._draining:
                self._draining = True
                if self._identifier is None:
                    self._identifier = ThreadPoolExecutor(1, thread_name_prefix="ahead-identify")
                self._identifier.submit(self._drain)
        return future

    def _drain(self) -> None:
        """The identification thread: one transaction per batch, until nobody waits."""
        while batch := self._next_batch():
            found: list[int | None] = [None] * len(batch)
            try:
                found = self._identify_all([(w.name, w.email) for w in batch])
            finally:
                _settle(batch, found)

    def _next_batch(self) -> list[_Waiting]:
        with self._lock:
            batch, self._waiting = self._waiting[: self._batch], self._waiting[self._batch :]
            self._draining = bool(batch)
        return batch

    def _identify_all(self, contacts: list[tuple[str, str | None]]) -> list[int | None]:
        assert self._writer is not None
        try:
            with self._writer() as writer:
                found = writer.customers_for(contacts)
                writer.commit()
            return list(found)
        except Exception:  # e.g. the connection broke: retry each chat on its own
            if len(contacts) == 1:
                log.info("identifying a chat customer ahead failed; the routing worker will")
                return [None]
            log.info("identifying %d chat customers ahead together failed", len(contacts))
            return [self._identify(name, email) for name, email in contacts]

    def _identify(self, name: str, email: str | None) -> int | None:
        assert self._writer is not None
        try:
            with self._writer() as writer:
                customer_id, _ = writer.customer_for(name, email)
                writer.commit()
            return customer_id
        except Exception:  # the worker decides
            log.info("identifying a chat customer ahead failed; the routing worker will")
            return None

    def _rules(self, interaction_id: int, queue: str) -> WrapUpRules | None:
        try:
            with self._reader() as reader:
                return reader.wrap_up_rules(interaction_id, queue)
        except Exception:  # the worker reads them itself
            log.info("reading the wrap-up rules ahead failed; the routing worker will")
            return None

    def stop(self) -> None:
        """Chats still waiting go on unidentified (the worker identifies them); the batch in
        hand is finished first."""
        with self._lock:
            waiting, self._waiting = self._waiting, []
            identifier, self._identifier = self._identifier, None
        _settle(waiting, [None] * len(waiting))
        if identifier is not None:
            identifier.shutdown(wait=True)
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)


def _settle(batch: list[_Waiting], found: list[int | None]) -> None:
    """Hand the results to the callers, on their event loops (one wake-up per loop)."""
    by_loop: dict[asyncio.AbstractEventLoop, list[_Result]] = {}
    for waiting, customer_id in zip(batch, found, strict=True):
        by_loop.setdefault(waiting.future.get_loop(), []).append((waiting.future, customer_id))
    for loop, results in by_loop.items():
        try:
            loop.call_soon_threadsafe(_resolve, results)
        except RuntimeError:  # the loop is closed: nobody awaits these any more
            log.info("%d identified chat customers had nobody waiting", len(results))


def _resolve(results: list[_Result]) -> None:
    for future, customer_id in results:
        if not future.done():  # a caller that gave up has cancelled its future
            future.set_result(customer_id)


def _contact(command: StartChat, state: LiveState) -> tuple[str, str | None] | None:
    """The name and address ``start_chat`` would identify, or None when it would refuse the
    command; the queue is read from the worker's working set without locking (a stale
    answer only moves identification back to the worker)."""
    try:
        name = clean_text(command.name, "name", max_length=200)
        email = check_email(command.email.strip()) if command.email else None
    except DomainError:
        return None
    queue = state.queues.get((command.queue or DEFAULT_CHAT_QUEUE).strip().lower())
    if queue is None or Channel.CHAT not in queue.channels:
        return None
    return name, email
