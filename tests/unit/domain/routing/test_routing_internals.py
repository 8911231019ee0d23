"""The engine's speed devices must not change results: fast event makers, stale-entry sweeps."""

from __future__ import annotations

from frontline.domain.channels import Channel
from frontline.domain.routing import (
    Agent,
    AgentState,
    AgentStateChanged,
    ContactCompleted,
    ContactOffered,
    ContactQueued,
    OfferAccepted,
    Queue,
    RoutingEngine,
)
from frontline.domain.routing import event_makers as make


def test_fast_event_makers_build_equal_frozen_events() -> None:
    pairs = [
        (make.contact_queued(1.0, "c", "q", 0.5), ContactQueued(1.0, "c", "q", 0.5)),
        (make.contact_offered(1.0, "c", "a", "q", 2.0), ContactOffered(1.0, "c", "a", "q", 2.0)),
        (make.offer_accepted(1.0, "c", "a", "q", 2.0), OfferAccepted(1.0, "c", "a", "q", 2.0)),
        (
            make.contact_completed(1.0, "c", "a", "q", 9.0),
            ContactCompleted(1.0, "c", "a", "q", 9.0),
        ),
        (
            make.agent_state_changed(1.0, "a", AgentState.BREAK, AgentState.BREAK, "lunch"),
            AgentStateChanged(1.0, "a", AgentState.BREAK, AgentState.BREAK, "lunch"),
        ),
    ]
    for fast, regular in pairs:
        assert fast == regular and hash(fast) == hash(regular) and repr(fast) == repr(regular)
        try:
            fast.at = 2.0  # type: ignore[misc]
        except AttributeError:
            pass
        else:
            raise AssertionError("event is mutable")


def test_unqueried_ready_pools_stay_bounded() -> None:
    """An agent re-indexed 30,000 times in a queue that never gets contacts must not leave
    30,000 stale entries behind in that queue's pool."""
    engine = RoutingEngine([Queue("busy", Channel.VOICE), Queue("quiet", Channel.VOICE)])
    engine.add_agent(Agent("a"), 0.0)
    engine.set_state("a", AgentState.AVAILABLE, 0.0)
    now = 0.0
    for i in range(30_000):
        now += 1.0
        engine.enqueue(f"c{i}", "busy", now)
        engine.accept(f"c{i}", "a", now)
        engine.complete(f"c{i}", now)
    pool = engine._queues["quiet"].pools[0]
    assert sum(len(bucket) for bucket in pool.buckets.values()) <= 10_000 + 2
    assert engine.enqueue("last", "quiet", now + 1)[-2] == ContactOffered(
        now + 1, "last", "a", "quiet", 0.0
    )
