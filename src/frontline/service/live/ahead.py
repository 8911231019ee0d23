"""Reads a command needs, done before it reaches the routing worker.

The worker applies commands one after another, so any query it runs is paid by every
command queued behind it. Some of what commands need does not depend on the order of
commands at all, and is read here instead, in a small thread pool of its own, while the
command is on its way:

- ``StartChat``: the customer, matched (or created) by the CRM rules, which costs several
  queries. Only where the store takes concurrent writers (PostgreSQL): identification
  commits in its own transaction. Two arrivals of the same new address at once both try
  to create the customer; the database's uniqueness of contact points refuses the second,
  which then leaves identification to the worker, as anything that fails here does.
- ``WrapUp``: the queue's disposition codes and the mandatory script steps still pending,
  in one round trip. Neither is written by the worker: reading them a moment earlier is
  the same as reading them in the worker, which does so itself when they are missing or
  were read for another queue.

A command this cannot help (invalid input, unknown queue, interaction not in the working
set) passes through unchanged: the worker refuses or handles it exactly as before.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
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
THREADS = 4  # identification is several round trips: keep up with 50 chats/s
T = TypeVar("T")


class Ahead:
    """Prepares commands on their way to the worker; ``writer`` None: no identification."""

    def __init__(
        self, reader: LiveReaderFactory, writer: LiveWriterFactory | None, threads: int = THREADS
    ) -> None:
        self._reader = reader
        self._writer = writer
        self._threads = threads
        self._pool: ThreadPoolExecutor | None = None

    async def prepare(self, command: Any, state: LiveState | None) -> Any:
        if state is None:
            return command
        if isinstance(command, StartChat) and command.customer_id is None and self._writer:
            contact = _contact(command, state)
            if contact is not None:
                found = await self._run(self._identify, *contact)
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

    def _identify(self, name: str, email: str | None) -> int | None:
        assert self._writer is not None
        try:
            with self._writer() as writer:
                customer_id, _ = writer.customer_for(name, email)
                writer.commit()
            return customer_id
        except Exception:  # e.g. a concurrent creation of the same contact: the worker decides
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
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)


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
