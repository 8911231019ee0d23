"""Timers always make progress: ticking at `next_due()` never re-arms the same instant forever.

Regression for a hang: a widening step was scheduled at `arrived + 60.0`, but the level reached
was decided on `(arrived + 60.0) - arrived`, which can round to 59.99999999999818, so the step
was re-armed at the same due time and `tick` never returned. Each loop below is bounded, so a
regression fails instead of hanging.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.domain.channels import Channel
from frontline.domain.routing import (
    Agent,
    AgentState,
    ContactOffered,
    Queue,
    RoutingEngine,
    WideningStep,
)
from frontline.domain.routing.timers import later

pytestmark = pytest.mark.timeout(60)  # the old bug looped inside `tick` itself
MAX_TICKS = 20
arrival_times = st.floats(min_value=0.0, max_value=1e9, allow_nan=False, allow_infinity=False)


def drain(engine: RoutingEngine) -> list[object]:
    """Tick at every due time (at most MAX_TICKS); return all events."""
    events: list[object] = []
    for _ in range(MAX_TICKS):
        due = engine.next_due()
        if due is None:
            return events
        events.extend(engine.tick(due))
    raise AssertionError(f"still due at {engine.next_due()} after {MAX_TICKS} ticks")


def widening_engine(*steps: float, any_agent_after_s: float | None = None) -> RoutingEngine:
    widening = tuple(WideningStep(after, len(steps) - i) for i, after in enumerate(steps))
    queue = Queue(
        "q",
        Channel.CHAT,
        {"s": 5},
        widening=widening,
        any_agent_after_s=any_agent_after_s,
    )
    engine = RoutingEngine([queue])
    engine.add_agent(Agent("a", {"s": 1}, {Channel.CHAT: 1}), 0.0)
    engine.set_state("a", AgentState.AVAILABLE, 0.0)
    return engine


def test_the_reported_arrival_time_that_used_to_hang_is_offered_at_the_step() -> None:
    # Found by the simulator: 60.0 added then subtracted loses a few ulps at this magnitude.
    arrived = next(
        t for t in (i * 0.1 + 0.0123 for i in range(1, 100_000)) if (t + 60.0) - t < 60.0
    )
    engine = widening_engine(60.0, any_agent_after_s=None)
    engine.enqueue("c", "q", arrived)
    offers = [e for e in drain(engine) if isinstance(e, ContactOffered)]
    assert [(o.contact_id, o.agent_id, o.at) for o in offers] == [("c", "a", arrived + 60.0)]


@settings(max_examples=300, deadline=None)
@given(arrived=arrival_times, first=st.floats(0.5, 600.0), gap=st.floats(0.0, 600.0))
def test_widening_reaches_the_last_level_at_its_exact_due_time(
    arrived: float, first: float, gap: float
) -> None:
    # The only agent (proficiency 1) qualifies from the last step on, which lowers the bar to 1.
    engine = widening_engine(first, first + gap, first + 2 * gap + 1.0)
    engine.enqueue("c", "q", arrived)
    offers = [e for e in drain(engine) if isinstance(e, ContactOffered)]
    assert len(offers) == 1
    assert offers[0].at == arrived + (first + 2 * gap + 1.0)
    assert engine.next_due() is None


@settings(max_examples=200, deadline=None)
@given(arrived=arrival_times, timeout=st.floats(1e-9, 100.0))
def test_offer_timeouts_decline_each_agent_once_and_stop(arrived: float, timeout: float) -> None:
    queue = Queue("q", Channel.VOICE, offer_timeout_s=timeout)
    engine = RoutingEngine([queue], not_ready_on_timeout=False)
    for name in ("a", "b", "c"):
        engine.add_agent(Agent(name), 0.0)
        engine.set_state(name, AgentState.AVAILABLE, 0.0)
    engine.enqueue("x", "q", arrived)
    drain(engine)  # a, b and c each time out once; then the contact waits for nobody
    assert engine.waiting("q") == 1
    assert engine.next_due() is None


@settings(max_examples=200, deadline=None)
@given(now=st.floats(0.0, 1e300), delay=st.floats(1e-300, 1e6))
def test_a_timer_is_never_due_at_the_instant_that_armed_it(now: float, delay: float) -> None:
    due = later(now, delay)
    assert due > now
    assert due == now + delay or due == math.nextafter(now, math.inf)


def test_wrap_up_ending_late_in_a_huge_clock_still_moves_on() -> None:
    now = 1e17  # one ulp here is 16 s: a 1-second wrap-up rounds away
    queue = Queue("q", Channel.VOICE, wrap_up_s=1.0)
    engine = RoutingEngine([queue], auto_accept=True)
    engine.add_agent(Agent("a"), now)
    engine.set_state("a", AgentState.AVAILABLE, now)
    engine.enqueue("c", "q", now)
    engine.complete("c", now)
    assert engine.agent_state("a") is AgentState.WRAP_UP
    due = engine.next_due()
    assert due is not None and due > now
    drain(engine)
    assert engine.agent_state("a") is AgentState.AVAILABLE
