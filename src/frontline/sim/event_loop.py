"""The discrete-event loop: simulated time drives the production routing engine.

The engine decides every routing question exactly as it would live; this loop only plays the
customers and the clock. Arrivals come from the pre-drawn, sorted `Traffic` (a pointer, no
heap traffic); everything else — completions, abandonments, wrap-up ends, agent schedules and
engine ticks — sits in the `Calendar`. Entries are never removed: a patience timer for a contact
answered in the meantime is skipped when it comes due (lazy deletion beats searching a heap).

Arrivals stop at ``duration_s``; the loop then lets the contacts in the system finish, with
their wrap-up, so every arrival is either answered or abandoned (unless no agent is left to
serve it) and every handled contact's after-contact work is in its AHT. Metrics come from the
engine's events through `MetricsAccumulator`, the definitions the wallboard uses too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from heapq import heappop, heappush
from typing import Any

from frontline.domain.metrics import MetricsAccumulator
from frontline.domain.routing import (
    AgentStateChanged,
    AnswerSink,
    CompletionSink,
    ContactCompleted,
    Event,
    OfferAccepted,
)
from frontline.sim.calendar import ABANDON, COMPLETE, SHIFT, TICK, Calendar
from frontline.sim.engine_setup import build_engine
from frontline.sim.roster import build_roster
from frontline.sim.scenario import Scenario
from frontline.sim.shifts import AgentDay
from frontline.sim.timeline import Timeline
from frontline.sim.traffic import Traffic

INF = math.inf
NEW, WAITING, ANSWERED, DONE = range(4)
"""Where each contact is, by index: a byte per contact in `EventLoop.status`."""
PROGRESS_EVERY = 1 << 14

ProgressCallback = Callable[[float], None]
"""Called now and then with the current simulated time."""


class EventLoop:
    """State of one run; its methods handle arrivals and calendar entries."""

    def __init__(
        self,
        scenario: Scenario,
        traffic: Traffic,
        timeline_s: float | None,
        trace: Callable[[Event], None] | None,
    ) -> None:
        self.traffic = traffic
        self.trace = trace
        self.duration_s = scenario.duration_s
        roster = build_roster(scenario)
        self.pools = roster.pools
        self.queue_names = [q.name for q in scenario.queues]
        self.has_wrap = [q.wrap_up is not None for q in scenario.queues]
        thresholds = {q.name: q.sl_threshold_s for q in scenario.queues}
        self.metrics = MetricsAccumulator(
            sl_thresholds=thresholds, count_agent_time_until=scenario.duration_s
        )
        self.timeline = (
            Timeline(timeline_s, thresholds, scenario.duration_s) if timeline_s else None
        )
        agents_keep_a_day = any(self.has_wrap) or any(
            event.kind != "login" for event in roster.schedule
        )
        # Lean engine mode when nothing needs the full event stream: no trace, and no agent day
        # to drive (the day reacts to state changes by issuing engine commands, which must not
        # happen inside a command). Agent state time then goes straight into the metrics.
        lean = trace is None and not agents_keep_a_day
        self.needs_ticks = any(
            q.widening or q.any_agent_after_s is not None for q in scenario.queues
        )
        self.next_tick = math.inf
        self.status = bytearray(len(traffic))
        self.in_system = 0
        self.calendar = Calendar()
        self.heap = self.calendar.entries  # the hot paths push to the heap directly
        self.next_seq = self.calendar.next_seq
        self.handle_s = traffic.handle_s
        self.patience_s = traffic.patience_s
        names = self.queue_names
        self.queue_name_of = list(map(names.__getitem__, traffic.queue_index))  # per contact
        self.contact_ids = list(map(str, range(len(traffic))))  # the engine's ids
        self.any_wrap = any(self.has_wrap)
        if trace is not None or self.needs_ticks:
            self.apply = self._apply_traced  # type: ignore[method-assign]
        # The simulator's engine auto-accepts and never declines or transfers, so every contact
        # is answered exactly once: the metrics' per-contact bookkeeping for re-answered and
        # transferred contacts is not needed. Answer waits (and, without wrap-up, handled
        # times) are collected per queue and folded into the tallies at the end of the run.
        self.answer_waits: dict[str, list[float]] = {name: [] for name in names}
        self.handled_times: dict[str, list[float]] | None = (
            None if self.any_wrap else {name: [] for name in names}
        )
        self._count_completion = self.metrics.handlers[ContactCompleted]
        self._answered = self._answer_sink()  # the lean engine calls it; `apply` too
        if lean:  # answers and completions too go straight to their tallies, as plain values
            self.engine = build_engine(
                scenario,
                roster.agents,
                self.metrics.agent_state_changed,
                answer_sink=self._answered,
                completion_sink=self._completion_sink(),
            )
        else:
            self.engine = build_engine(scenario, roster.agents)
        self.day = AgentDay(self.engine, self.calendar.schedule, self.apply)
        self.dispatch = self._build_dispatch(agents_keep_a_day)
        for event in roster.schedule:
            self.calendar.schedule(event.at, SHIFT, event)

    def loop(self, progress: ProgressCallback | None) -> tuple[int, float]:
        """Process arrivals and calendar entries in time order; returns (events, end time).

        Arrivals and completions without wrap-up, the two entries every contact has, are
        handled here rather than in methods, with the names they need bound once: a call and
        about a dozen attribute lookups less per entry. The run's answer waits and handled
        times go to the metrics at the end (`_fold_contacts`)."""
        arrivals = self.traffic.arrival_s
        n = len(arrivals)
        heap = self.heap
        # Indexed by calendar kind; keys are contact indices, agent ids or shift events.
        handlers: tuple[Callable[[Any, float], None], ...] = (
            self._complete,
            self._abandon,
            self.day.wrap_ended,
            self._tick,
            self.day.on_shift_event,
        )
        enqueue = self.engine.enqueue
        complete = self.engine.complete
        any_wrap = self.any_wrap
        apply = self.apply
        contact_ids = self.contact_ids
        queue_name_of = self.queue_name_of
        patience_s = self.patience_s
        status = self.status
        timeline = self.timeline
        next_seq = self.next_seq
        needs_ticks = self.needs_ticks
        day = self.day
        day_end = self.duration_s  # agents' own events inside the day always run
        i = count = 0
        now = 0.0
        next_at = arrivals[0] if n else INF  # the next arrival's time, INF once all arrived
        while True:
            if next_at < (heap[0][0] if heap else INF):
                now = next_at
                self.in_system += 1
                events = enqueue(contact_ids[i], queue_name_of[i], now)
                if events or needs_ticks:  # a contact that waits may start an engine timer
                    apply(events)
                if status[i] == NEW:  # not answered at once: it waits
                    status[i] = WAITING
                    if timeline is not None:
                        timeline.waiting_changed(now, 1)
                    patience = patience_s[i]
                    if patience != INF:
                        heappush(heap, (now + patience, next_seq(), ABANDON, i))
                i += 1
                next_at = arrivals[i] if i < n else INF
            elif heap and (i < n or self.in_system or day.in_wrap_up or heap[0][0] < day_end):
                now, _, kind, key = heappop(heap)
                if kind == COMPLETE and not any_wrap:  # `_complete` without wrap-up, inlined
                    status[key] = DONE
                    self.in_system -= 1
                    events = complete(contact_ids[key], now)
                    if events or needs_ticks:  # lean runs mostly get nothing back
                        apply(events)
                else:
                    handlers[kind](key, now)
            else:
                break
            count += 1
            if progress is not None and not count % PROGRESS_EVERY:
                progress(now)
        self._fold_contacts()
        return count, now

    def _fold_contacts(self) -> None:
        """Hand the run's answer waits and handled times to the metrics, queue by queue."""
        metrics = self.metrics
        for queue_id, waits in self.answer_waits.items():
            if waits:
                metrics.answered_batch(queue_id, waits)
            waits.clear()
        for queue_id, handled in (self.handled_times or {}).items():
            if handled:
                metrics.handled_batch(queue_id, handled)
            handled.clear()

    def apply(self, events: list[Event]) -> None:
        """Feed the engine's events to the metrics and react to those that start timers.

        An answer (once per contact) goes to `_answered`, the function the lean engine calls
        in its place, and is checked for first, as is a completion: they are most events."""
        for event in events:
            if isinstance(event, OfferAccepted):
                self._answered(
                    event.contact_id, event.agent_id, event.queue_id, event.waited_s, event.at
                )
            elif isinstance(event, ContactCompleted):
                if self.handled_times is not None:
                    self.handled_times[event.queue_id].append(event.handled_s)
                else:  # the metrics must learn which queue the agent's wrap-up belongs to
                    self._count_completion(event)
            else:
                handler = self.dispatch.get(event.__class__)
                if handler is not None:
                    handler(event)

    def _apply_traced(self, events: list[Event]) -> None:
        """`apply` for runs with a trace or with engine timers (widening steps)."""
        if self.trace is not None:
            for event in events:
                self.trace(event)
        EventLoop.apply(self, events)
        if self.needs_ticks:
            due = self.engine.next_due()
            if due is not None and due < self.next_tick:
                self.next_tick = due
                self.calendar.schedule(due, TICK, None)

    def _build_dispatch(self, agents_keep_a_day: bool) -> dict[type[Any], Callable[[Any], None]]:
        """One handler per event type doing both the metrics' part and the simulator's."""
        dispatch = dict(self.metrics.handlers)
        if agents_keep_a_day:  # wrap-up, breaks or logouts to drive
            count_state = dispatch[AgentStateChanged]
            day_observe = self.day.observe

            def on_agent_state(event: AgentStateChanged) -> None:
                count_state(event)
                day_observe(event)

            dispatch[AgentStateChanged] = on_agent_state
        return dispatch

    def _answer_sink(self) -> AnswerSink:
        """What an answer does: keep the wait for the queue tally, mark the contact answered
        and schedule its completion. `apply` calls it for an `OfferAccepted`; the lean engine
        calls it instead of making one (during the command, in the same order, so the
        calendar's sequence numbers match)."""
        answer_waits = self.answer_waits
        status = self.status
        heap = self.heap
        handle_s = self.handle_s
        next_seq = self.next_seq
        timeline_answered = None if self.timeline is None else self._timeline_answered

        def answered(
            contact_id: str, _agent_id: str, queue_id: str, waited_s: float, at: float
        ) -> None:
            index = int(contact_id)
            answer_waits[queue_id].append(waited_s)
            if timeline_answered is not None:
                timeline_answered(index, queue_id, waited_s, at)
            status[index] = ANSWERED
            heappush(heap, (at + handle_s[index], next_seq(), COMPLETE, index))

        return answered

    def _completion_sink(self) -> CompletionSink:
        """What `apply` does with a `ContactCompleted` in a run without wrap-up (the only kind
        that runs lean): keep the handled time for the queue tally."""
        handled_times = self.handled_times
        assert handled_times is not None

        def completed(
            _contact_id: str, _agent_id: str, queue_id: str, handled_s: float, _at: float
        ) -> None:
            handled_times[queue_id].append(handled_s)

        return completed

    def _timeline_answered(self, index: int, queue_id: str, waited_s: float, at: float) -> None:
        timeline = self.timeline
        assert timeline is not None
        if self.status[index] == WAITING:
            timeline.waiting_changed(at, -1)
        timeline.answered(queue_id, at, waited_s)

    def _complete(self, index: int, now: float) -> None:
        contact_id = self.contact_ids[index]
        if self.any_wrap and self.has_wrap[self.traffic.queue_index[index]]:
            agent_id = self.engine.contact_agent(contact_id)
            if agent_id is not None:
                self.day.expect_wrap_up(agent_id, self.traffic.wrap_up_s[index])
        self.status[index] = DONE
        self.in_system -= 1
        self.apply(self.engine.complete(contact_id, now))

    def _abandon(self, index: int, now: float) -> None:
        if self.status[index] != WAITING:
            return  # answered before the customer's patience ran out
        self.status[index] = DONE
        self.in_system -= 1
        if self.timeline is not None:
            self.timeline.waiting_changed(now, -1)
            self.timeline.abandoned(now)
        self.apply(self.engine.abandon(self.contact_ids[index], now))

    def _tick(self, _key: object, now: float) -> None:
        if now >= self.next_tick:
            self.next_tick = math.inf
        self.apply(self.engine.tick(now))
