"""Events the routing engine emits; every metric of the contact center is computed from them.

How the standard metrics follow (per queue; a contact counts once per queue it entered, so
deduplicate by `(contact_id, queue_id)` when a contact was requeued or transferred back):

- offered = contacts that entered the queue (`ContactQueued`); answered = first `OfferAccepted`
  per contact and queue; abandoned = `ContactAbandoned`.
- service level(T) = answered with `waited_s <= T` ÷ (answered + abandoned).
- ASA = mean `waited_s` of the answering `OfferAccepted` events.
- AHT = handled time (`ContactCompleted.handled_s`, or transfer time − accept time for a
  transferred leg) + the after-contact work that follows it (`AgentStateChanged` busy → wrap_up
  until the next change of that agent).
- abandon rate = abandoned ÷ offered.
- occupancy = time in busy/wrap_up ÷ time in busy/wrap_up/reserved/available, from the sequence of
  `AgentStateChanged` events per agent.

`waited_s` always counts from the contact's original arrival, which transfers and requeues keep.
"""

from __future__ import annotations

from dataclasses import dataclass

from frontline.domain.routing.states import AgentState


@dataclass(frozen=True, slots=True)
class ContactQueued:
    """A contact entered a queue (on arrival, after a transfer or a requeue)."""

    at: float
    contact_id: str
    queue_id: str
    arrived_at: float


@dataclass(frozen=True, slots=True)
class ContactOffered:
    """The engine chose an agent for a contact and offered it."""

    at: float
    contact_id: str
    agent_id: str
    queue_id: str
    waited_s: float


@dataclass(frozen=True, slots=True)
class OfferAccepted:
    """The agent took the contact; handling starts."""

    at: float
    contact_id: str
    agent_id: str
    queue_id: str
    waited_s: float


@dataclass(frozen=True, slots=True)
class OfferDeclined:
    """The agent refused the offer, or did not answer in time (`timed_out`)."""

    at: float
    contact_id: str
    agent_id: str
    timed_out: bool


@dataclass(frozen=True, slots=True)
class ContactAbandoned:
    """The customer left while waiting or while being offered."""

    at: float
    contact_id: str
    queue_id: str
    waited_s: float


@dataclass(frozen=True, slots=True)
class ContactCompleted:
    """Handling ended; `handled_s` runs from acceptance to completion (wrap-up not included)."""

    at: float
    contact_id: str
    agent_id: str
    queue_id: str
    handled_s: float


@dataclass(frozen=True, slots=True)
class ContactTransferred:
    """A contact moved to another queue and/or to a named agent; a `ContactQueued` follows."""

    at: float
    contact_id: str
    from_queue: str
    to_queue: str
    to_agent: str | None


@dataclass(frozen=True, slots=True)
class AgentStateChanged:
    """The visible state of an agent changed; `reason` is set for break and not-ready."""

    at: float
    agent_id: str
    old: AgentState
    new: AgentState
    reason: str | None


Event = (
    ContactQueued
    | ContactOffered
    | OfferAccepted
    | OfferDeclined
    | ContactAbandoned
    | ContactCompleted
    | ContactTransferred
    | AgentStateChanged
)
