"""State and mechanics shared by the routing engine's commands.

`EngineCore` owns the indexes (queues, agents, contacts, timers) and the few moves every command
is made of: offer a contact, free an agent slot, start wrap-up, place a contact (offer it or make
it wait), fill a free agent with waiting work. `engine.RoutingEngine` adds the public commands.
Keeping the moves in one place is what keeps the invariants in one place.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable

from frontline.domain.channels import Channel
from frontline.domain.routing import errors
from frontline.domain.routing.config import AgentPolicy, Queue
from frontline.domain.routing.event_makers import (
    agent_state_changed,
    contact_offered,
    offer_accepted,
)
from frontline.domain.routing.events import (
    Event,
    OfferDeclined,
)
from frontline.domain.routing.matching import (
    add_waiting,
    index_agent,
    pick_agent,
    pick_contact,
    remove_waiting,
)
from frontline.domain.routing.policies import longest_idle
from frontline.domain.routing.qualification import QueueFinder, thresholds
from frontline.domain.routing.ready_pool import LiveEntries
from frontline.domain.routing.runtime import AgentRuntime, ContactRuntime, Phase, QueueRuntime
from frontline.domain.routing.states import TRANSITIONS, AgentState, check_transition
from frontline.domain.routing.timers import TimerHeap, TimerKind, later

OFFER_TIMEOUT_REASON = "offer_timeout"
_S = AgentState

# Enum members as module constants: `AgentState.BUSY` is an attribute lookup through the enum
# class (about 65 ns on CPython 3.11), a module constant is a cached global read (about 5 ns),
# and the hot path reads a dozen of them per routing decision.
_VOICE = Channel.VOICE
_AVAILABLE, _RESERVED, _BUSY = _S.AVAILABLE, _S.RESERVED, _S.BUSY
_WRAP_UP, _BREAK, _NOT_READY = _S.WRAP_UP, _S.BREAK, _S.NOT_READY
_WAITING, _OFFERED, _ACTIVE = Phase.WAITING, Phase.OFFERED, Phase.ACTIVE
_OFFER_TIMEOUT, _WRAP_UP_END, _WIDENING = (
    TimerKind.OFFER_TIMEOUT,
    TimerKind.WRAP_UP_END,
    TimerKind.WIDENING,
)

StateSink = Callable[[str, AgentState, float], None]
"""Receives ``(agent_id, new_state, at)`` for each visible agent state change, in place of an
`AgentStateChanged` event (see `EngineCore`)."""

AnswerSink = Callable[[str, str, str, float, float], None]
"""Receives ``(contact_id, agent_id, queue_id, waited_s, at)`` for each answered offer, in place
of an `OfferAccepted` event (see `EngineCore`)."""

CompletionSink = Callable[[str, str, str, float, float], None]
"""Receives ``(contact_id, agent_id, queue_id, handled_s, at)`` for each completed contact, in
place of a `ContactCompleted` event (see `EngineCore`)."""


class EngineCore:
    """Indexes and elementary moves of the routing engine (no public commands)."""

    def __init__(
        self,
        queues: Iterable[Queue],
        *,
        agent_policy: AgentPolicy = longest_idle,
        not_ready_on_timeout: bool = True,
        auto_accept: bool = False,
        state_sink: StateSink | None = None,
        answer_sink: AnswerSink | None = None,
        completion_sink: CompletionSink | None = None,
        routine_events: bool = True,
    ) -> None:
        """``state_sink`` and ``routine_events=False`` are an opt-in fast path for a caller that
        consumes events in bulk (the simulator): with a sink, visible agent state changes are
        passed to it as plain values during the command instead of being returned as events;
        without routine events, `ContactQueued` is not returned by `enqueue`, nor
        `ContactOffered` when ``auto_accept`` answers the offer at once (the `OfferAccepted`
        that follows carries the same facts). ``answer_sink`` and ``completion_sink`` likewise
        take the facts of each `OfferAccepted` and `ContactCompleted`: two events per contact
        that a bulk consumer would only unpack again. The defaults return every event."""
        configs = list(queues)
        self._live: LiveEntries = {}  # live ready-pool entries (see ready_pool)
        self._queues: dict[str, QueueRuntime] = {}
        for queue in configs:
            if queue.id in self._queues:
                raise errors.RoutingError(f"queue {queue.id!r} is configured twice")
            self._queues[queue.id] = QueueRuntime(
                queue, thresholds(queue), agent_policy, self._live
            )
        self._finder = QueueFinder(configs)
        self._agents: dict[str, AgentRuntime] = {}
        self._contacts: dict[str, ContactRuntime] = {}
        self._timers = TimerHeap()
        self._seq = itertools.count().__next__
        self._now = -math.inf
        self._not_ready_on_timeout = not_ready_on_timeout
        self._auto_accept = auto_accept
        self._state_sink = state_sink
        self._answer_sink = answer_sink
        self._completion_sink = completion_sink
        self._routine_events = routine_events or not auto_accept
        self._nonempty: set[QueueRuntime] = set()  # queues with contacts open to any agent
        self._pools = [pool for queue in self._queues.values() for pool in queue.pools]
        self._sweep_next = 0
        self._sweep_debt = 0  # sweep visits owed for ready-pool entries appended

    def _clock(self, now: float) -> None:
        if now < self._now:
            raise errors.ClockWentBackwards(f"now={now} is earlier than {self._now}")
        self._now = now

    def _queue(self, queue_id: str) -> QueueRuntime:
        queue = self._queues.get(queue_id)
        if queue is None:
            raise errors.UnknownQueue(f"unknown queue {queue_id!r}")
        return queue

    def _agent(self, agent_id: str) -> AgentRuntime:
        agent = self._agents.get(agent_id)
        if agent is None:
            raise errors.UnknownAgent(f"unknown agent {agent_id!r}")
        return agent

    def _contact(self, contact_id: str) -> ContactRuntime:
        contact = self._contacts.get(contact_id)
        if contact is None:
            raise errors.UnknownContact(f"unknown contact {contact_id!r}")
        return contact

    def _offer_of(self, contact_id: str, agent_id: str) -> tuple[ContactRuntime, AgentRuntime]:
        contact = self._contact(contact_id)
        agent = self._agent(agent_id)
        if contact.phase is not _OFFERED or contact.agent is not agent:
            raise errors.NotYourOffer(f"contact {contact_id!r} is not offered to {agent_id!r}")
        return contact, agent

    def _update_visible(self, agent: AgentRuntime, now: float, events: list[Event]) -> None:
        """Derive the visible state from presence and work; emit a change if there is one."""
        if agent.wrap_up:
            new = _WRAP_UP
        elif agent.active:
            new = _BUSY
        elif agent.offers:
            new = _RESERVED
        else:
            new = agent.presence
        old = agent.state
        if new is old:
            return
        if new not in TRANSITIONS[old]:
            check_transition(old, new)  # raises IllegalTransition with the message
        agent.state = new
        sink = self._state_sink
        if sink is not None:
            sink(agent.id, new, now)
            return
        reason = agent.reason if new is _BREAK or new is _NOT_READY else None
        events.append(agent_state_changed(now, agent.id, old, new, reason))

    def _offer(
        self, contact: ContactRuntime, agent: AgentRuntime, now: float, events: list[Event]
    ) -> None:
        if contact.wait_seq != -1:
            remove_waiting(contact, self._nonempty)
        contact.target = None
        queue = contact.queue
        channel = queue.channel
        agent.load[channel] += 1
        agent.total += 1
        if channel is _VOICE:
            agent.voice += 1
        if agent.index_seq >= 0:  # it took work: retire its ready-pool entries (`retire`)
            del self._live[agent.index_seq]
            agent.index_seq = -1
        contact.agent = agent
        waited = now - contact.arrived_at
        if self._routine_events:
            events.append(contact_offered(now, contact.id, agent.id, queue.id, waited))
        if self._auto_accept:
            contact.phase = _ACTIVE
            contact.accepted_at = now
            agent.active.add(contact.id)
            answered = self._answer_sink
            if answered is None:
                events.append(offer_accepted(now, contact.id, agent.id, queue.id, waited))
            else:
                answered(contact.id, agent.id, queue.id, waited, now)
        else:
            contact.phase = _OFFERED
            agent.offers.add(contact.id)
            contact.offer_token += 1
            timeout = queue.cfg.offer_timeout_s
            if timeout is not None:
                self._timers.schedule(
                    later(now, timeout),
                    self._seq(),
                    _OFFER_TIMEOUT,
                    contact,
                    contact.offer_token,
                )
        self._update_visible(agent, now, events)

    def _detach(self, contact: ContactRuntime, now: float) -> AgentRuntime:
        """Free the agent slot an offered or active contact holds (no routing yet)."""
        agent = contact.agent
        assert agent is not None
        channel = contact.queue.channel
        agent.load[channel] -= 1
        agent.total -= 1
        if channel is _VOICE:
            agent.voice -= 1
        agent.offers.discard(contact.id)
        agent.active.discard(contact.id)
        if agent.index_seq >= 0:  # a multi-chat agent: its load, so its pools, changed
            del self._live[agent.index_seq]
            agent.index_seq = -1
        contact.agent = None
        contact.offer_token += 1
        return agent

    def _start_wrap_up(self, agent: AgentRuntime, queue: QueueRuntime, now: float) -> None:
        wrap_up_s = queue.cfg.wrap_up_s
        if wrap_up_s is None or agent.active or agent.offers:
            return
        agent.wrap_up = True
        agent.wrap_token += 1
        if not math.isinf(wrap_up_s):
            self._timers.schedule(
                later(now, wrap_up_s), self._seq(), _WRAP_UP_END, agent, agent.wrap_token
            )

    def _decline(
        self,
        contact: ContactRuntime,
        agent: AgentRuntime,
        now: float,
        timed_out: bool,
        events: list[Event],
    ) -> None:
        events.append(OfferDeclined(now, contact.id, agent.id, timed_out))
        self._detach(contact, now)
        if timed_out and self._not_ready_on_timeout and agent.presence is _AVAILABLE:
            agent.presence = _NOT_READY
            agent.reason = OFFER_TIMEOUT_REASON
        if contact.excluded is None:
            contact.excluded = set()
        contact.excluded.add(agent.id)
        contact.phase = _WAITING
        self._reroute(contact, agent, now, events)

    def _reroute(
        self,
        contact: ContactRuntime,
        released: AgentRuntime | None,
        now: float,
        events: list[Event],
    ) -> None:
        """Route a contact that just left an agent, then let that agent pick new work: in this
        order, so the contact reaches other ready agents before its former agent takes it back.

        The contact waits first and each agent it reaches picks its own best contact (as after
        a widening step) instead of being offered the contact outright: inside a `tick` that
        runs late, an offer timeout can be handled at a `now` at which other contacts have
        already reached a widening step whose timer has not run yet, and one of them may be the
        better choice for that agent."""
        if released is not None:
            self._update_visible(released, now, events)
        if contact.target is not None:
            self._place(contact, now, events)
        else:
            add_waiting(contact, self._seq, self._nonempty)
            self._route_waiting(contact, now, events)
        if released is not None:
            self._fill(released, now, events)

    def _place(self, contact: ContactRuntime, now: float, events: list[Event]) -> None:
        """Offer a contact that is not waiting yet, or make it wait."""
        if contact.target is not None:  # the named agent picks among all contacts sent to it
            add_waiting(contact, self._seq, self._nonempty)
            self._fill(contact.target, now, events)
            return
        agent = pick_agent(contact, now)
        if agent is not None:
            self._offer(contact, agent, now, events)
            self._fill(agent, now, events)
            return
        add_waiting(contact, self._seq, self._nonempty)
        self._schedule_widening(contact, now)

    def _route_waiting(self, contact: ContactRuntime, now: float, events: list[Event]) -> None:
        """A waiting contact reached a new widening level (or came back to its queue). Each agent
        it now reaches picks its own best contact (other contacts may have widened at the same
        moment with a higher score), until this contact is offered or no agent is left for it."""
        token = contact.wait_seq
        while (agent := pick_agent(contact, now)) is not None:
            if not self._fill(agent, now, events):
                raise AssertionError(f"{agent.id} qualifies for {contact.id} but took nothing")
            if contact.wait_seq != token:
                return
        self._schedule_widening(contact, now)

    def _schedule_widening(self, contact: ContactRuntime, now: float) -> None:
        if contact.target is not None:
            return
        queue = contact.queue
        thresholds = queue.thresholds
        if len(thresholds) == 1:
            return
        arrived_at = contact.arrived_at
        # Level 0 (a new contact) is decided by the comparison `level_reached` makes; only a
        # contact that already widened pays for the full computation.
        if arrived_at + thresholds[1] > now:
            following = 1
        else:
            following = queue.level_reached(arrived_at, now) + 1
        if following < len(thresholds):
            # due > now by construction of `level_reached`: the step fires once, then the
            # contact is at `following` or beyond, so widening always progresses.
            due = queue.due_at(arrived_at, following)
            self._timers.schedule(due, self._seq(), _WIDENING, contact, contact.wait_seq)

    def _fill(self, agent: AgentRuntime, now: float, events: list[Event]) -> bool:
        """Give a free agent the best waiting work it may take, then index what capacity is left.
        Returns whether anything was offered."""
        # `can_take_any`, inlined where it is cheap: an agent on a call, in wrap-up or away
        # (the state after most offers) takes nothing; an available agent holding nothing takes
        # anything it has capacity for (an agent with no capacity at all joins no pool).
        if agent.voice or agent.wrap_up or agent.presence is not _AVAILABLE:
            return False
        if agent.total and not agent.can_take_any():
            return False
        offered = False
        nonempty = self._nonempty
        if nonempty or agent.targeted:  # nothing waits anywhere: skip the search (common case)
            while (contact := pick_contact(agent, now, nonempty)) is not None:
                self._offer(contact, agent, now, events)
                offered = True
                if agent.voice or not agent.can_take_any():
                    return True
        self._sweep_debt += index_agent(agent, self._seq, self._live)
        if self._sweep_debt > 0:
            self._sweep_some()
        return offered

    def _sweep_some(self) -> None:
        """Sweep ready pools round-robin, covering about one held entry per two appended. Pools
        that are queried also lose stale entries at their heads; this bounds the others (a full
        round takes about twice as many appends as the pools hold) at a cost of a fraction of
        an append each, and no single call pauses for more than one pool."""
        pools = self._pools
        while self._sweep_debt > 0:
            self._sweep_next = (self._sweep_next + 1) % len(pools)
            self._sweep_debt -= 2 * pools[self._sweep_next].sweep() + 1
