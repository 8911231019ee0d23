"""The ACD routing engine: one single-writer object per routing domain.

Every command takes `now` (float seconds on the caller's monotonic scale) and returns the events
it caused, including the offers it triggered. Commands never run due timers themselves: call
`tick(now)` at `next_due()` (the simulator schedules it, the live server uses a timer).

Invariants kept after every command and tick: a contact is offered to or handled by at most one
agent; no agent exceeds its per-channel capacity (voice exclusive); no offer goes to an agent
that is not available (break, not ready, offline, wrap-up); no waiting contact has a qualified
agent that could take it (given the widening level reached at the last tick); within a queue the
highest score goes first, and equal scores go first come, first served.
"""

from __future__ import annotations

from frontline.domain.channels import Channel
from frontline.domain.routing import errors
from frontline.domain.routing.config import Agent
from frontline.domain.routing.core import OFFER_TIMEOUT_REASON, EngineCore
from frontline.domain.routing.event_makers import contact_completed, contact_queued
from frontline.domain.routing.events import (
    AgentStateChanged,
    ContactAbandoned,
    ContactQueued,
    ContactTransferred,
    Event,
    OfferAccepted,
)
from frontline.domain.routing.matching import remove_waiting, retire
from frontline.domain.routing.qualification import mean_proficiency, qualifying_after
from frontline.domain.routing.runtime import AgentRuntime, ContactRuntime, Phase, QueueRuntime
from frontline.domain.routing.states import PRESENCE_STATES, AgentState, check_transition
from frontline.domain.routing.timers import TimerKind

__all__ = ["OFFER_TIMEOUT_REASON", "RoutingEngine"]

_S = AgentState
_WAITING, _ACTIVE = Phase.WAITING, Phase.ACTIVE  # enum members as constants: see `core`
_OFFER_TIMEOUT = TimerKind.OFFER_TIMEOUT


class RoutingEngine(EngineCore):
    """Routes contacts to agents; see the package docstring for the full contract."""

    # ----------------------------------------------------------------- agents
    def add_agent(self, agent: Agent, now: float) -> list[Event]:
        """Register an agent (it starts offline) and index the queues it qualifies for."""
        self._clock(now)
        if agent.id in self._agents:
            raise errors.DuplicateAgent(f"agent {agent.id!r} is already registered")
        for queue_id in agent.queues:
            self._queue(queue_id)
        quals: dict[Channel, list[tuple[QueueRuntime, int, float]]] = {}
        for queue in self._finder.candidates(agent):
            after = qualifying_after(agent, queue)
            if after is None:
                continue
            runtime = self._queues[queue.id]
            level = runtime.thresholds.index(after)
            runtime.pools[level].size += 1
            quals.setdefault(queue.channel, []).append(
                (runtime, level, mean_proficiency(agent, queue))
            )
        self._agents[agent.id] = AgentRuntime(agent, quals)
        return []

    def remove_agent(self, agent_id: str, now: float) -> list[Event]:
        """Forget an agent; only an offline agent can be removed."""
        self._clock(now)
        agent = self._agent(agent_id)
        if agent.state is not _S.OFFLINE:
            raise errors.IllegalTransition(f"agent {agent_id!r} is {agent.state}; log it out first")
        for queue, level in agent.levels.items():
            queue.pools[level].size -= 1
        retire(agent, self._live)
        del self._agents[agent_id]
        return []

    def set_state(
        self, agent_id: str, state: AgentState, now: float, reason: str | None = None
    ) -> list[Event]:
        """An agent-driven change: log in/out, ready, not ready, break (with reason), end wrap-up.

        While busy, not-ready and break are *deferred*: the agent gets no new offers and enters
        the requested state when its last contact ends (after any wrap-up). `available` while
        busy cancels such a request. A pending offer must be accepted or declined first.
        """
        self._clock(now)
        agent = self._agent(agent_id)
        state = AgentState(state)
        self._check_request(agent, state, reason)
        events: list[Event] = []
        if agent.wrap_up:
            agent.wrap_up = False
            agent.wrap_token += 1
        old_reason = agent.reason if agent.state is _S.BREAK else None
        agent.presence = state
        agent.reason = reason if state in (_S.BREAK, _S.NOT_READY) else None
        retire(agent, self._live)  # re-indexed at `now` by `_fill` if it may take work
        if agent.state is _S.BREAK and state is _S.BREAK and reason != old_reason:
            events.append(AgentStateChanged(now, agent_id, _S.BREAK, _S.BREAK, reason))
        self._update_visible(agent, now, events)
        if state is _S.OFFLINE:
            for contact in list(agent.targeted):
                remove_waiting(contact, self._nonempty)
                contact.target = None
                self._place(contact, now, events)
        self._fill(agent, now, events)
        return events

    def _check_request(self, agent: AgentRuntime, state: AgentState, reason: str | None) -> None:
        if state not in PRESENCE_STATES:
            raise errors.IllegalTransition(f"{state} is set by the engine, not requested")
        if state is _S.BREAK and not reason:
            raise errors.RoutingError("a break needs a reason code")
        if state in (_S.AVAILABLE, _S.OFFLINE) and reason is not None:
            raise errors.RoutingError(f"{state} takes no reason")
        current = agent.state
        if current is _S.RESERVED:
            raise errors.IllegalTransition(
                f"agent {agent.id!r} has a pending offer; accept or decline it first"
            )
        if current is _S.BUSY:
            if state is _S.OFFLINE:
                raise errors.IllegalTransition(f"agent {agent.id!r} is busy and cannot log out")
            return
        if current is state and not (state is _S.BREAK and reason != agent.reason):
            raise errors.IllegalTransition(f"agent {agent.id!r} is already {state}")
        check_transition(current, state)

    # --------------------------------------------------------------- contacts
    def enqueue(
        self,
        contact_id: str,
        queue_id: str,
        now: float,
        *,
        priority: int | None = None,
        arrived_at: float | None = None,
    ) -> list[Event]:
        """A contact arrives (or returns with its original `arrived_at`); route it if possible."""
        if now < self._now:  # `_clock`, inlined on the hot commands
            self._clock(now)
        self._now = now
        queue = self._queues.get(queue_id) or self._queue(queue_id)
        if contact_id in self._contacts:
            raise errors.DuplicateContact(f"contact {contact_id!r} is already in the engine")
        arrived = now if arrived_at is None else arrived_at
        if arrived > now:
            raise errors.RoutingError(f"arrived_at {arrived} is later than now {now}")
        contact = ContactRuntime(
            contact_id, queue, queue.cfg.priority if priority is None else priority, arrived
        )
        self._contacts[contact_id] = contact
        events: list[Event] = (
            [contact_queued(now, contact_id, queue_id, arrived)] if self._routine_events else []
        )
        self._place(contact, now, events)
        return events

    def accept(self, contact_id: str, agent_id: str, now: float) -> list[Event]:
        """The agent answers its offer; handling starts."""
        self._clock(now)
        contact, agent = self._offer_of(contact_id, agent_id)
        agent.offers.remove(contact_id)
        agent.active.add(contact_id)
        contact.phase = _ACTIVE
        contact.accepted_at = now
        contact.offer_token += 1
        events: list[Event] = []
        waited = now - contact.arrived_at
        if self._answer_sink is None:
            events.append(OfferAccepted(now, contact_id, agent_id, contact.queue.id, waited))
        else:
            self._answer_sink(contact_id, agent_id, contact.queue.id, waited, now)
        self._update_visible(agent, now, events)
        return events

    def decline(self, contact_id: str, agent_id: str, now: float) -> list[Event]:
        """The agent refuses its offer; the contact goes to the next agent (never this one)."""
        self._clock(now)
        contact, agent = self._offer_of(contact_id, agent_id)
        events: list[Event] = []
        self._decline(contact, agent, now, False, events)
        return events

    def abandon(self, contact_id: str, now: float) -> list[Event]:
        """The customer leaves while waiting or while being offered."""
        if now < self._now:  # `_clock`, inlined on the hot commands
            self._clock(now)
        self._now = now
        contact = self._contact(contact_id)
        if contact.phase is _ACTIVE:
            raise errors.WrongContactPhase(f"contact {contact_id!r} is being handled; complete it")
        del self._contacts[contact_id]
        events: list[Event] = [
            ContactAbandoned(now, contact_id, contact.queue.id, now - contact.arrived_at)
        ]
        if contact.phase is _WAITING:
            remove_waiting(contact, self._nonempty)
            return events
        agent = self._detach(contact, now)
        self._update_visible(agent, now, events)
        self._fill(agent, now, events)
        return events

    def complete(self, contact_id: str, now: float) -> list[Event]:
        """Handling ends; the agent goes to wrap-up (if the queue has one and the agent holds
        nothing else) or becomes free for more."""
        if now < self._now:  # `_clock`, inlined on the hot commands
            self._clock(now)
        self._now = now
        contact = self._contacts.get(contact_id) or self._contact(contact_id)
        if contact.phase is not _ACTIVE:
            raise errors.WrongContactPhase(f"contact {contact_id!r} is not being handled")
        del self._contacts[contact_id]
        agent = self._detach(contact, now)
        queue = contact.queue
        handled_s = now - contact.accepted_at
        completed = self._completion_sink
        events: list[Event] = []
        if completed is None:
            events.append(contact_completed(now, contact_id, agent.id, queue.id, handled_s))
        else:
            completed(contact_id, agent.id, queue.id, handled_s, now)
        if queue.cfg.wrap_up_s is not None:
            self._start_wrap_up(agent, queue, now)
        self._update_visible(agent, now, events)
        self._fill(agent, now, events)
        return events

    def transfer(
        self,
        contact_id: str,
        now: float,
        *,
        to_queue: str | None = None,
        to_agent: str | None = None,
    ) -> list[Event]:
        """Move a contact to another queue and/or a named agent, keeping its arrival time.

        The releasing agent (if any) is never offered the contact again and goes to wrap-up as
        after `complete`. A contact sent to a named agent waits for that agent only; if the agent
        logs out, it falls back to its queue. A new queue brings its own default priority.
        """
        self._clock(now)
        if to_queue is None and to_agent is None:
            raise errors.RoutingError("transfer needs to_queue or to_agent")
        contact = self._contact(contact_id)
        source = contact.queue
        queue = self._queue(to_queue) if to_queue is not None else source
        target = self._agent(to_agent) if to_agent is not None else None
        if target is not None:
            if target.cap[queue.channel] < 1:
                raise errors.RoutingError(f"agent {target.id!r} takes no {queue.channel} contacts")
            if target.presence is _S.OFFLINE:
                raise errors.RoutingError(f"agent {target.id!r} is offline")
        released: AgentRuntime | None = None
        if contact.phase is Phase.WAITING:
            remove_waiting(contact, self._nonempty)
        else:
            was_active = contact.phase is Phase.ACTIVE
            released = self._detach(contact, now)
            if was_active:
                self._start_wrap_up(released, source, now)
        contact.excluded = None if released is None or released is target else {released.id}
        if queue is not source:
            contact.queue = queue
            contact.priority = queue.cfg.priority
        contact.target = target
        contact.phase = Phase.WAITING
        events: list[Event] = [
            ContactTransferred(now, contact_id, source.id, queue.id, to_agent),
            ContactQueued(now, contact_id, queue.id, contact.arrived_at),
        ]
        self._reroute(contact, released, now, events)
        return events

    def requeue(self, contact_id: str, now: float) -> list[Event]:
        """Put an offered or handled contact back in its queue with its original arrival time
        (e.g. the agent's desktop died). The agent is freed without wrap-up."""
        self._clock(now)
        contact = self._contact(contact_id)
        if contact.phase is Phase.WAITING:
            raise errors.WrongContactPhase(f"contact {contact_id!r} is already waiting")
        agent = self._detach(contact, now)
        contact.phase = Phase.WAITING
        events: list[Event] = [ContactQueued(now, contact_id, contact.queue.id, contact.arrived_at)]
        self._reroute(contact, agent, now, events)
        return events

    # ------------------------------------------------------------------- time
    def tick(self, now: float) -> list[Event]:
        """Run everything due by `now`: offer timeouts, timed wrap-up ends, widening steps."""
        if now < self._now:  # `_clock`, inlined on the hot commands
            self._clock(now)
        self._now = now
        events: list[Event] = []
        while (timer := self._timers.pop_due(now)) is not None:
            kind, record = timer[2], timer[3]
            if isinstance(record, AgentRuntime):  # wrap-up end
                record.wrap_up = False
                record.wrap_token += 1
                retire(record, self._live)
                self._update_visible(record, now, events)
                self._fill(record, now, events)
            elif kind is _OFFER_TIMEOUT:
                assert record.agent is not None
                self._decline(record, record.agent, now, True, events)
            else:
                self._route_waiting(record, now, events)
        return events

    def next_due(self) -> float | None:
        """The earliest time at which `tick` has something to do, or None. Work already overdue
        (the caller ticked late) is reported as due at the last `now` seen, never earlier."""
        due = self._timers.next_due()
        return None if due is None else max(due, self._now)

    # ------------------------------------------------------------ read views
    def waiting(self, queue_id: str) -> int:
        """Contacts waiting in a queue (including those sent to a named agent)."""
        return self._queue(queue_id).n_waiting

    def agent_state(self, agent_id: str) -> AgentState:
        return self._agent(agent_id).state

    def agent_reason(self, agent_id: str) -> str | None:
        """Reason code of a break or not-ready state, else None."""
        agent = self._agent(agent_id)
        return agent.reason if agent.state in (_S.BREAK, _S.NOT_READY) else None

    def active_contacts(self, agent_id: str) -> frozenset[str]:
        """Contacts the agent is handling (accepted, not yet completed)."""
        return frozenset(self._agent(agent_id).active)

    def offered_contacts(self, agent_id: str) -> frozenset[str]:
        """Contacts offered to the agent and not yet answered."""
        return frozenset(self._agent(agent_id).offers)

    def contact_agent(self, contact_id: str) -> str | None:
        """The agent a live contact is offered to or handled by; None if waiting or unknown."""
        contact = self._contacts.get(contact_id)
        return None if contact is None or contact.agent is None else contact.agent.id

    def queue_of(self, contact_id: str) -> str | None:
        """The queue of a live contact; None once it completed or abandoned (or never existed)."""
        contact = self._contacts.get(contact_id)
        return None if contact is None else contact.queue.id

    def agent_ids(self) -> list[str]:
        return list(self._agents)

    def queue_ids(self) -> list[str]:
        return list(self._queues)
