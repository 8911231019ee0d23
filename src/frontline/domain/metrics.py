"""Contact-center metrics, defined once and fed incrementally, event by event.

The same accumulator serves the simulator's hot path and the live wallboard, so every figure
Frontline prints means the same thing everywhere. Definitions (see ARCHITECTURE.md):

- offered = answered + abandoned. Abandons that waited less than ``short_abandon_s`` are
  *short abandons*: they are counted separately and excluded from offered, abandoned, service
  level, abandon rate and p_wait. The default ``short_abandon_s = 0`` excludes nothing.
- service level for threshold T = answered within T ÷ offered (abandons count against it).
  T is per queue; the total's service level uses each queue's own threshold.
- ASA = mean queue wait of answered contacts.
- p_wait = share of offered contacts (answered + abandoned) that waited more than zero.
- abandon rate = abandoned ÷ offered.
- AHT = (talk + hold + after-contact work) ÷ handled contacts; talk and hold come from the
  contact's completion, after-contact work from the agent's following wrap-up.
- occupancy = handling time ÷ (handling time + available idle time), from agent states:
  ``busy`` and ``wrap_up`` are handling, ``available`` and ``reserved`` are available idle;
  break, not-ready and offline time count in neither.

The accumulator takes primitive facts (``answered``, ``abandoned``, ...), which per-contact
records can feed directly, and ``observe(event)`` translates routing-engine events into them:
a contact counts as answered once per queue even if it is requeued and answered again, and a
transferred leg is handled from its acceptance until the transfer.
Ratios are ``None`` when their denominator is zero rather than a misleading 0 or NaN.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from frontline.domain.routing.events import (
    AgentStateChanged,
    ContactAbandoned,
    ContactCompleted,
    ContactTransferred,
    Event,
    OfferAccepted,
)

HANDLING_STATES = frozenset({"busy", "wrap_up"})
IDLE_STATES = frozenset({"available", "reserved"})


@dataclass(slots=True)
class QueueTally:
    """Additive counts for one queue (or a sum of queues): merge tallies to total or roll."""

    answered: int = 0
    abandoned: int = 0
    short_abandoned: int = 0
    answered_within_threshold: int = 0
    waited: int = 0
    answered_wait_s: float = 0.0
    handled: int = 0
    handle_s: float = 0.0

    @property
    def offered(self) -> int:
        """Answered plus abandoned; short abandons are not offered."""
        return self.answered + self.abandoned

    def add(self, other: QueueTally) -> None:
        """Fold another tally into this one (totals, rolling-window buckets)."""
        self.answered += other.answered
        self.abandoned += other.abandoned
        self.short_abandoned += other.short_abandoned
        self.answered_within_threshold += other.answered_within_threshold
        self.waited += other.waited
        self.answered_wait_s += other.answered_wait_s
        self.handled += other.handled
        self.handle_s += other.handle_s


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


@dataclass(frozen=True, slots=True)
class QueueMetrics:
    """The published figures for one queue or the total, derived from a tally."""

    offered: int
    answered: int
    abandoned: int
    short_abandoned: int
    service_level: float | None
    asa: float | None
    p_wait: float | None
    abandon_rate: float | None
    aht: float | None
    occupancy: float | None

    @classmethod
    def from_tally(cls, tally: QueueTally, occupancy: float | None) -> QueueMetrics:
        offered = tally.offered
        return cls(
            offered=offered,
            answered=tally.answered,
            abandoned=tally.abandoned,
            short_abandoned=tally.short_abandoned,
            service_level=_ratio(tally.answered_within_threshold, offered),
            asa=_ratio(tally.answered_wait_s, tally.answered),
            p_wait=_ratio(tally.waited, offered),
            abandon_rate=_ratio(tally.abandoned, offered),
            aht=_ratio(tally.handle_s, tally.handled),
            occupancy=occupancy,
        )


@dataclass(frozen=True, slots=True)
class MetricsReport:
    """Per-queue metrics plus the total over all queues and all agents."""

    queues: Mapping[str, QueueMetrics]
    total: QueueMetrics


_OTHER, _HANDLING, _IDLE = 0, 1, 2
_STATE_KIND = {state: _HANDLING for state in HANDLING_STATES} | {
    state: _IDLE for state in IDLE_STATES
}


@dataclass(slots=True)
class _AgentClock:
    state: str
    since: float
    kind: int = _OTHER
    handling_s: float = 0.0
    idle_s: float = 0.0
    last_queue: str | None = None


@dataclass(slots=True)
class MetricsAccumulator:
    """Running tallies per queue and time-in-state per agent, cheap enough per event.

    ``sl_thresholds`` gives T per queue (``default_sl_threshold_s`` for others).
    ``count_agent_time_until`` clips agent time at a horizon: the simulator reports occupancy
    over the simulated day even while it lets the last contacts finish after it.
    """

    sl_thresholds: Mapping[str, float] = field(default_factory=dict)
    default_sl_threshold_s: float = 20.0
    short_abandon_s: float = 0.0
    count_agent_time_until: float = math.inf
    tallies: dict[str, QueueTally] = field(default_factory=dict)
    agents: dict[str, _AgentClock] = field(default_factory=dict)
    _live: dict[str, tuple[float | None, tuple[str, ...]]] = field(default_factory=dict)
    """Contacts answered and not yet finished: (accepted at, queues answered in)."""
    _handlers: dict[type[Any], Callable[[Any], None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._handlers = {
            OfferAccepted: self._on_accepted,
            ContactCompleted: self._on_completed,
            ContactAbandoned: self._on_abandoned,
            AgentStateChanged: self._on_agent_state,
            ContactTransferred: self._on_transferred,
        }

    @property
    def handlers(self) -> Mapping[type[Any], Callable[[Any], None]]:
        """Event type → handler, for callers that dispatch events themselves (the simulator
        reacts to some of the same events and looks each type up only once)."""
        return self._handlers

    def observe(self, event: Event) -> None:
        """Feed one routing-engine event (events that change no metric are ignored)."""
        handler = self._handlers.get(type(event))
        if handler is not None:
            handler(event)

    def observe_all(self, events: Iterable[Event]) -> None:
        """Feed a batch of events in order, as one engine command returns them."""
        handlers = self._handlers
        for event in events:
            handler = handlers.get(type(event))
            if handler is not None:
                handler(event)

    def _on_accepted(self, event: OfferAccepted) -> None:
        contact_id, queue_id = event.contact_id, event.queue_id
        prior = self._live.get(contact_id)
        if prior is None:
            self._live[contact_id] = (event.at, (queue_id,))
        elif queue_id in prior[1]:  # requeued and answered again: answered once per queue
            self._live[contact_id] = (event.at, prior[1])
            return
        else:
            self._live[contact_id] = (event.at, (*prior[1], queue_id))
        self.answered(queue_id, event.waited_s)

    def _on_completed(self, event: ContactCompleted) -> None:
        """`contact_completed`, inlined: this runs once per handled contact."""
        self._live.pop(event.contact_id, None)
        queue_id = event.queue_id
        tally = self.tallies.get(queue_id) or self._tally(queue_id)
        tally.handled += 1
        tally.handle_s += event.handled_s
        clock = self.agents.get(event.agent_id)
        if clock is not None:
            clock.last_queue = queue_id

    def _on_abandoned(self, event: ContactAbandoned) -> None:
        self._live.pop(event.contact_id, None)
        self.abandoned(event.queue_id, event.waited_s)

    def _on_agent_state(self, event: AgentStateChanged) -> None:
        self.agent_state_changed(event.agent_id, event.new, event.at)

    def _on_transferred(self, event: ContactTransferred) -> None:
        """A transferred leg was handled from its acceptance until the transfer."""
        live = self._live.get(event.contact_id)
        if live is not None and live[0] is not None:
            self.handled(event.from_queue, event.at - live[0])
            self._live[event.contact_id] = (None, live[1])

    def _tally(self, queue_id: str) -> QueueTally:
        tally = self.tallies.get(queue_id)
        if tally is None:
            tally = self.tallies[queue_id] = QueueTally()
        return tally

    def answered(self, queue_id: str, waited_s: float) -> None:
        """A contact was connected to an agent after waiting ``waited_s`` in queue."""
        tally = self.tallies.get(queue_id) or self._tally(queue_id)
        tally.answered += 1
        tally.answered_wait_s += waited_s
        if waited_s > 0:
            tally.waited += 1
        if waited_s <= self.sl_thresholds.get(queue_id, self.default_sl_threshold_s):
            tally.answered_within_threshold += 1

    def answered_batch(self, queue_id: str, waits_s: Sequence[float]) -> None:
        """`answered` for many contacts of one queue at once, in order: the same counts and
        sums for callers that collect the waits first (the simulator folds a run's answers in
        at its end, one call per queue instead of one per contact)."""
        tally = self._tally(queue_id)
        threshold = self.sl_thresholds.get(queue_id, self.default_sl_threshold_s)
        tally.answered += len(waits_s)
        tally.answered_wait_s += sum(waits_s)
        tally.waited += len([w for w in waits_s if w > 0])
        tally.answered_within_threshold += len([w for w in waits_s if w <= threshold])

    def abandoned(self, queue_id: str, waited_s: float) -> None:
        """The customer left after waiting ``waited_s`` without being connected."""
        tally = self._tally(queue_id)
        if waited_s < self.short_abandon_s:
            tally.short_abandoned += 1
            return
        tally.abandoned += 1
        if waited_s > 0:
            tally.waited += 1

    def handled(self, queue_id: str, handled_s: float) -> None:
        """A contact's talk and hold ended after ``handled_s``; wrap-up is added separately."""
        tally = self.tallies.get(queue_id) or self._tally(queue_id)
        tally.handled += 1
        tally.handle_s += handled_s

    def handled_batch(self, queue_id: str, handled_s: Sequence[float]) -> None:
        """`handled` for many contacts of one queue at once, in order (see `answered_batch`).
        Unlike a completion event it does not tell an agent's clock which queue its next
        wrap-up belongs to, so it suits runs without after-contact work."""
        tally = self._tally(queue_id)
        tally.handled += len(handled_s)
        tally.handle_s += sum(handled_s)

    def after_contact_work(self, queue_id: str, wrap_up_s: float) -> None:
        """Wrap-up time belonging to a contact of ``queue_id`` that was already handled."""
        self._tally(queue_id).handle_s += wrap_up_s

    def agent_state_changed(self, agent_id: str, new_state: str, at: float) -> None:
        """Close the agent's current state interval at ``at`` and open ``new_state``.

        This runs on every visible state change (twice per contact in the simulator), so it
        works on the agent's clock with plain float and int fields and no temporaries."""
        clock = self.agents.get(agent_id)
        kind = _STATE_KIND.get(new_state, _OTHER)
        if clock is None:
            self.agents[agent_id] = _AgentClock(new_state, at, kind)
            return
        was = clock.kind
        if was:
            since = clock.since
            horizon = self.count_agent_time_until
            if at <= horizon:
                elapsed = at - since
            else:
                elapsed = horizon - (since if since < horizon else horizon)
            if was == _HANDLING:  # wrap-up is handling: its end is only checked here
                if elapsed > 0:
                    clock.handling_s += elapsed
                last_queue = clock.last_queue
                if last_queue is not None and clock.state == "wrap_up" and new_state != "wrap_up":
                    self._tally(last_queue).handle_s += at - since
            elif elapsed > 0:
                clock.idle_s += elapsed
        clock.state = new_state
        clock.since = at
        clock.kind = kind

    def contact_completed(self, agent_id: str, queue_id: str, handled_s: float) -> None:
        """Completion by a known agent: counts the handling and remembers the queue whose
        after-contact work the agent's next wrap-up is."""
        self.handled(queue_id, handled_s)
        clock = self.agents.get(agent_id)
        if clock is not None:
            clock.last_queue = queue_id

    def occupancy(self, now: float, agent_ids: Iterable[str] | None = None) -> float | None:
        """Handling ÷ (handling + available idle) up to ``now`` over the given agents (all
        agents by default), including each agent's still-open state interval."""
        horizon = min(now, self.count_agent_time_until)
        handling = idle = 0.0
        ids = self.agents.keys() if agent_ids is None else agent_ids
        for agent_id in ids:
            clock = self.agents.get(agent_id)
            if clock is None:
                continue
            handling += clock.handling_s
            idle += clock.idle_s
            open_s = horizon - min(clock.since, horizon)
            if open_s > 0 and clock.kind == _HANDLING:
                handling += open_s
            elif open_s > 0 and clock.kind == _IDLE:
                idle += open_s
        return _ratio(handling, handling + idle)

    def report(
        self, now: float, agent_pools: Mapping[str, Iterable[str]] | None = None
    ) -> MetricsReport:
        """Metrics as of ``now``. A queue's occupancy is that of the agents in its pool
        (``agent_pools[queue_id]``, e.g. the agents qualified for it); without a pool it is
        left out (``None``) because agents shared by queues cannot be split fairly."""
        pools = agent_pools or {}
        total = QueueTally()
        queues: dict[str, QueueMetrics] = {}
        for queue_id in sorted(set(self.tallies) | set(pools)):
            tally = self.tallies.get(queue_id, QueueTally())
            total.add(tally)
            pool = pools.get(queue_id)
            occ = self.occupancy(now, pool) if pool is not None else None
            queues[queue_id] = QueueMetrics.from_tally(tally, occ)
        return MetricsReport(queues, QueueMetrics.from_tally(total, self.occupancy(now)))
