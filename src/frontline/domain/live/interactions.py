"""Interactions: one customer contact from arrival to its closing disposition.

The status machine is explicit so an impossible move (a message into a closed chat, a second
accept) fails loudly as a ``Conflict`` instead of corrupting the record:

``waiting`` → ``offered`` → ``active`` → ``wrap_up`` → ``closed``; an offer can fall back to
``waiting`` (declined, timed out, agent gone); ``active`` goes back to ``waiting`` on a transfer
or a requeue; a customer who leaves before an agent answered makes it ``abandoned``.
A chat answered by a self-service flow starts in ``self_service``: the bot hands it off
(``waiting``), finishes it without an agent (``closed``) or the customer leaves (``abandoned``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from frontline.domain.channels import Channel
from frontline.domain.org.errors import Conflict


class InteractionStatus(StrEnum):
    WAITING = "waiting"
    OFFERED = "offered"
    ACTIVE = "active"
    WRAP_UP = "wrap_up"
    CLOSED = "closed"
    ABANDONED = "abandoned"
    SELF_SERVICE = "self_service"


class EndedBy(StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"
    SYSTEM = "system"


_I = InteractionStatus
TRANSITIONS = MappingProxyType(
    {
        _I.WAITING: frozenset({_I.OFFERED, _I.ABANDONED}),
        _I.OFFERED: frozenset({_I.WAITING, _I.ACTIVE, _I.ABANDONED}),
        _I.ACTIVE: frozenset({_I.WAITING, _I.WRAP_UP}),
        _I.WRAP_UP: frozenset({_I.CLOSED}),
        _I.CLOSED: frozenset(),
        _I.ABANDONED: frozenset(),
        _I.SELF_SERVICE: frozenset({_I.WAITING, _I.ABANDONED, _I.CLOSED}),
    }
)
LIVE_STATUSES = frozenset({_I.WAITING, _I.OFFERED, _I.ACTIVE})
"""Statuses in which the routing engine holds the interaction."""
OPEN_STATUSES = LIVE_STATUSES | {_I.WRAP_UP, _I.SELF_SERVICE}
"""Statuses restored after a restart (wrap-up waits for its disposition; a bot chat goes on)."""


def customer_status(status: InteractionStatus) -> str:
    """What the customer's widget is told: it does not need to know about offers or ACW."""
    if status in (_I.WAITING, _I.OFFERED):
        return "waiting"
    if status is _I.ACTIVE:
        return "active"
    if status is _I.SELF_SERVICE:
        return "bot"
    return "ended"


@dataclass
class Interaction:
    """A contact. ``agent_user_id`` is the handling agent (active, wrap-up, closed);
    ``offered_to`` the agent holding a pending offer."""

    id: int
    channel: Channel
    queue: str
    customer_id: int
    customer_name: str
    customer_email: str | None
    created_at: datetime
    status: InteractionStatus = _I.WAITING
    offered_to: int | None = None
    agent_user_id: int | None = None
    accepted_at: datetime | None = None
    ended_at: datetime | None = None
    ended_by: EndedBy | None = None
    closed_at: datetime | None = None
    disposition: str | None = None
    notes: str = ""
    subject: str = ""
    context: dict[str, Any] | None = None
    """What a self-service flow collected before the hand-off (intent, answers, path)."""

    def _move(self, new: InteractionStatus) -> None:
        if new not in TRANSITIONS[self.status]:
            raise Conflict(f"interaction {self.id} is {self.status}; it cannot become {new}")
        self.status = new

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def takes_customer_messages(self) -> bool:
        """Routed (waiting, offered, active) or talking to the bot."""
        return self.is_live or self.status is _I.SELF_SERVICE

    def hand_off(self, context: dict[str, Any], queue: str) -> None:
        """The bot passes the chat to the queue's agents, with what it collected."""
        self._move(_I.WAITING)
        self.context = context
        self.queue = queue

    def finish_self_service(self, at: datetime, disposition: str = "self_service") -> None:
        """The flow finished without an agent (answered, or a callback was booked)."""
        self._move(_I.CLOSED)
        self.disposition = disposition
        self.ended_by = EndedBy.SYSTEM
        self.ended_at = at
        self.closed_at = at

    def offer(self, user_id: int) -> None:
        self._move(_I.OFFERED)
        self.offered_to = user_id

    def withdraw_offer(self) -> None:
        self._move(_I.WAITING)
        self.offered_to = None

    def accept(self, user_id: int, at: datetime) -> None:
        if self.offered_to != user_id:
            raise Conflict(f"interaction {self.id} is not offered to you")
        self._move(_I.ACTIVE)
        self.offered_to = None
        self.agent_user_id = user_id
        if self.accepted_at is None:
            self.accepted_at = at

    def back_to_queue(self, queue: str | None = None) -> None:
        """A transfer or requeue: waiting again, keeping the original arrival time."""
        if self.status is _I.OFFERED:
            self.withdraw_offer()
        elif self.status is not _I.WAITING:
            self._move(_I.WAITING)
        self.agent_user_id = None
        if queue is not None:
            self.queue = queue

    def end(self, by: EndedBy, at: datetime) -> None:
        self._move(_I.WRAP_UP)
        self.ended_by = by
        self.ended_at = at

    def close(self, disposition: str, notes: str, at: datetime) -> None:
        self._move(_I.CLOSED)
        self.disposition = disposition
        self.notes = notes
        self.closed_at = at

    def abandon(self, at: datetime) -> None:
        self._move(_I.ABANDONED)
        self.offered_to = None
        self.ended_by = EndedBy.CUSTOMER
        self.ended_at = at
