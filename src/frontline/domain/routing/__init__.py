"""The ACD routing engine: pure domain code, time passed in as `now` (float seconds).

Public names are re-exported here; the contract is described in `engine.RoutingEngine` and the
modules it names. Notes for callers (the simulator and the live server), including where this
implementation makes a choice the shared contract left open:

- **Timers.** Commands never run due timers; call `tick(now)` whenever `next_due()` is reached.
  Offer timeouts, timed wrap-up ends and widening steps happen there.
- **Clock.** `now` must never decrease across calls (`ClockWentBackwards`).
- **States.** The visible state is derived from the agent's requested presence and its work
  (see `states`): wrap_up > busy (≥ 1 active contact) > reserved (only pending offers) >
  presence. A multi-chat agent busy with 1 of 3 chats is `busy` and still receives chat offers.
  Asking for not_ready or break while busy is deferred until the work ends (no new offers in the
  meantime); `available` while busy cancels that. Asking anything while `reserved` is refused:
  accept or decline first. `set_state(available)` ends an open-ended or timed wrap-up early.
- **Channels.** Voice is exclusive both ways; chat, email and SMS mix up to their capacities.
  A pending offer occupies a capacity slot.
- **Wrap-up** starts after `complete` (or a transfer away) only if the agent then holds no other
  contact or offer; `requeue` frees the agent without wrap-up.
- **Declines.** Both an explicit decline and a timeout send the contact on to the next agent and
  never back to the agent that refused it (while it stays in that queue). Only a timeout sets
  the agent not_ready (reason `"offer_timeout"`) when `not_ready_on_timeout` is on.
- **Widening.** "Any agent of the queue" = every explicit member (`Agent.queues` contains the
  queue), whatever its skills; an agent without explicit membership qualifies at that point if it
  has every required skill name at any proficiency.
- **Policies** are bucket functions `(load, proficiency) -> tuple` (lower bucket goes first,
  ties to the agent idle the longest) rather than "pick one of these agents", so ready agents
  can be kept in FIFO deques. A queue may override the engine's policy with
  `Queue.agent_policy`. Multi-chat fairness: `longest_idle` prefers the agent with fewer
  contacts on the channel; "idle since" is the last time the agent freed up or took a contact.
- **Widening and ticks**: when a widening step makes an agent reachable, that agent takes its
  own best contact (contacts widening at the same instant go by score).
- **Transfers** keep the original arrival time, take the new queue's default priority, emit
  `ContactTransferred` then `ContactQueued`. A contact transferred to a named agent waits for
  that agent only and goes before the agent's queue work (among such contacts: score, then
  FCFS); it falls back to its queue if the agent logs out. `requeue` emits `ContactQueued`
  again; count a contact once per (contact, queue) for "offered" (see `events`).
- Extra names beyond the contract: read views `agent_reason`, `offered_contacts`, `agent_ids`,
  `queue_ids`; `BreakReason` (common codes); `TRANSITIONS`; error subclasses of `RoutingError`
  (`UnknownAgent`, `UnknownQueue`, `UnknownContact`, `DuplicateContact`, `DuplicateAgent`,
  `WrongContactPhase`, `NotYourOffer`, `ClockWentBackwards`; `IllegalTransition` is one too).
- **Lean mode (opt-in, for the simulator).** `state_sink=f` passes each visible agent state
  change to `f(agent_id, new_state, at)` during the command instead of returning an
  `AgentStateChanged`; `routine_events=False` with `auto_accept=True` omits `ContactQueued` and
  `ContactOffered` (the `OfferAccepted` carries the same facts); `answer_sink=f` and
  `completion_sink=f` take `f(contact_id, agent_id, queue_id, waited_s or handled_s, at)` in
  place of `OfferAccepted` and `ContactCompleted`. Sinks must not call back into the engine.
  Defaults return every event, as the live server needs.
- Design, data structures and the reasons they are fast: `docs/adr/0002-routing-engine.md`.
"""

from frontline.domain.routing.config import Agent, AgentPolicy, Queue, WideningStep
from frontline.domain.routing.core import AnswerSink, CompletionSink, StateSink
from frontline.domain.routing.engine import OFFER_TIMEOUT_REASON, RoutingEngine
from frontline.domain.routing.errors import (
    ClockWentBackwards,
    DuplicateAgent,
    DuplicateContact,
    IllegalTransition,
    NotYourOffer,
    RoutingError,
    UnknownAgent,
    UnknownContact,
    UnknownQueue,
    WrongContactPhase,
)
from frontline.domain.routing.events import (
    AgentStateChanged,
    ContactAbandoned,
    ContactCompleted,
    ContactOffered,
    ContactQueued,
    ContactTransferred,
    Event,
    OfferAccepted,
    OfferDeclined,
)
from frontline.domain.routing.policies import longest_idle, most_skilled
from frontline.domain.routing.states import TRANSITIONS, AgentState, BreakReason

__all__ = [
    "OFFER_TIMEOUT_REASON",
    "TRANSITIONS",
    "Agent",
    "AgentPolicy",
    "AgentState",
    "AgentStateChanged",
    "AnswerSink",
    "BreakReason",
    "ClockWentBackwards",
    "CompletionSink",
    "ContactAbandoned",
    "ContactCompleted",
    "ContactOffered",
    "ContactQueued",
    "ContactTransferred",
    "DuplicateAgent",
    "DuplicateContact",
    "Event",
    "IllegalTransition",
    "NotYourOffer",
    "OfferAccepted",
    "OfferDeclined",
    "Queue",
    "RoutingEngine",
    "RoutingError",
    "StateSink",
    "UnknownAgent",
    "UnknownContact",
    "UnknownQueue",
    "WideningStep",
    "WrongContactPhase",
    "longest_idle",
    "most_skilled",
]
