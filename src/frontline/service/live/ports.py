"""Ports of live operation: the store the routing service writes through, the read side the
HTTP and WebSocket entrypoints use, and the realtime hub events are fanned out by.

Each Protocol has an SQL implementation in ``frontline.adapters.db.live_store`` and the hub
an in-process one in ``frontline.adapters.realtime``; a Redis or NATS hub would replace the
latter for several app nodes without touching the service.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from frontline.domain.live.interactions import Interaction
from frontline.domain.live.messages import Message, Sender
from frontline.domain.org.agents import Agent
from frontline.domain.org.queues import Queue

JsonDict = dict[str, Any]


@dataclass(frozen=True)
class StoredEvent:
    id: int
    stream: str
    payload: JsonDict


@dataclass(frozen=True)
class Presence:
    user_id: int
    state: str
    reason: str | None
    since: datetime


@dataclass(frozen=True)
class StaffMember:
    """What the live service needs to know about an agent's user."""

    user_id: int
    username: str
    display_name: str
    team_id: int | None
    agent: Agent


class LiveWriter(Protocol):
    """One transaction of the routing service; nothing is visible before ``commit``."""

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
    def customer_for(
        self,
        name: str,
        email: str | None,
        phone: str | None = None,
        external_id: str | None = None,
    ) -> tuple[int, str]:
        """The customer these identifiers match by the CRM rules (external id > phone >
        email; created if new): (id, name on record)."""
        ...

    def customers_for(self, contacts: Sequence[tuple[str, str | None]]) -> list[int]:
        """``customer_for`` of each (name, email) in turn, in a few statements for all: the
        customer ids, in order."""
        ...

    def add_interaction(self, interaction: Interaction, token_hash: str | None) -> int: ...
    def save_interactions(self, interactions: Sequence[Interaction]) -> None: ...
    def add_message(
        self,
        interaction_id: int,
        sender: Sender,
        text: str,
        at: datetime,
        author_user_id: int | None = None,
        attachments: list[JsonDict] | None = None,
    ) -> Message: ...
    def append_events(self, events: Sequence[tuple[str, JsonDict]], at: datetime) -> list[int]:
        """Store (stream, payload) pairs in order and return their ids."""
        ...

    def save_presences(self, presences: Sequence[Presence]) -> None: ...
    def link_email_id(
        self, message_id: str, interaction_id: int, at: datetime, inbound: bool = True
    ) -> None: ...
    def prune_events(self, before: datetime) -> int: ...
    def pending_script_steps(self, interaction_id: int) -> tuple[str, ...]:
        """Mandatory steps of the interaction's guided script not completed yet."""
        ...


class LiveReader(Protocol):
    """Committed live data, read by entrypoints outside the routing service."""

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def interaction(self, interaction_id: int) -> Interaction | None: ...
    def open_interactions(self) -> list[Interaction]: ...
    def messages(self, interaction_id: int, after: int = 0) -> list[Message]: ...
    def events(self, stream: str, after: int, limit: int) -> list[StoredEvent]: ...
    def last_event_id(self, stream: str) -> int: ...
    def session_of_token(self, token_hash: str) -> int | None: ...
    def customer_history(self, customer_id: int, limit: int) -> list[Interaction]: ...
    def presences(self) -> list[Presence]: ...
    def staff(self, user_id: int | None = None) -> list[StaffMember]: ...
    def queues(self) -> list[Queue]: ...
    def interaction_of_email(self, message_ids: Sequence[str]) -> int | None: ...
    def email_by_subject(self, subject_key: str, sender: str, since: datetime) -> int | None: ...
    def email_ids(self, interaction_id: int) -> list[tuple[str, bool]]: ...
    def team_ids_led_by(self, user_id: int) -> frozenset[int]: ...
    def wrap_up_rules(self, interaction_id: int, queue: str) -> WrapUpRules:
        """Read in one round trip, ahead of the routing worker (see ``ahead``)."""
        ...


class RealtimeHub(Protocol):
    """Fan-out of events to the sockets subscribed to a stream (agent, chat, wallboard)."""

    def subscribe(self, stream: str) -> Subscription: ...
    def publish(self, stream: str, payload: JsonDict) -> None: ...
    def subscribers(self, stream: str) -> int: ...


class Subscription(Protocol):
    async def next(self) -> JsonDict: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class WrapUpRules:
    """What a wrap-up is checked against: the codes of the interaction's queue now (None:
    the queue has been deleted) and the mandatory script steps not completed yet."""

    queue: str
    dispositions: dict[str, str] | None
    pending_steps: tuple[str, ...]


LiveWriterFactory = Callable[[], LiveWriter]
LiveReaderFactory = Callable[[], LiveReader]
