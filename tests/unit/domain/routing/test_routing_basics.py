"""Basic behaviour of the routing engine: one scenario per rule of the contract."""

from __future__ import annotations

import math

from frontline.domain.channels import Channel
from frontline.domain.routing import (
    Agent,
    AgentState,
    AgentStateChanged,
    ContactAbandoned,
    ContactCompleted,
    ContactOffered,
    ContactQueued,
    OfferAccepted,
    OfferDeclined,
    Queue,
    RoutingEngine,
)

V, C = Channel.VOICE, Channel.CHAT
S = AgentState


def login(engine: RoutingEngine, *agents: Agent, now: float = 0.0) -> None:
    for agent in agents:
        engine.add_agent(agent, now)
        engine.set_state(agent.id, S.AVAILABLE, now)


def test_contact_goes_to_the_only_available_agent_and_emits_the_full_sequence() -> None:
    engine = RoutingEngine([Queue("sales", V, {"en": 1})])
    login(engine, Agent("ann", {"en": 3}, {V: 1}))
    events = engine.enqueue("c1", "sales", 10.0)
    assert events == [
        ContactQueued(10.0, "c1", "sales", 10.0),
        ContactOffered(10.0, "c1", "ann", "sales", 0.0),
        AgentStateChanged(10.0, "ann", S.AVAILABLE, S.RESERVED, None),
    ]
    assert engine.contact_agent("c1") == "ann"
    assert engine.accept("c1", "ann", 13.0) == [
        OfferAccepted(13.0, "c1", "ann", "sales", 3.0),
        AgentStateChanged(13.0, "ann", S.RESERVED, S.BUSY, None),
    ]
    assert engine.active_contacts("ann") == frozenset({"c1"})
    assert engine.complete("c1", 73.0) == [
        ContactCompleted(73.0, "c1", "ann", "sales", 60.0),
        AgentStateChanged(73.0, "ann", S.BUSY, S.AVAILABLE, None),
    ]
    assert engine.queue_of("c1") is None


def test_auto_accept_skips_reserved() -> None:
    engine = RoutingEngine([Queue("q", V)], auto_accept=True)
    login(engine, Agent("a"))
    events = engine.enqueue("c", "q", 1.0)
    assert [type(e) for e in events] == [
        ContactQueued,
        ContactOffered,
        OfferAccepted,
        AgentStateChanged,
    ]
    assert events[-1] == AgentStateChanged(1.0, "a", S.AVAILABLE, S.BUSY, None)


def test_unqualified_agent_gets_nothing_and_contact_waits() -> None:
    engine = RoutingEngine([Queue("fr", V, {"fr": 3})])
    login(engine, Agent("ann", {"fr": 2}))
    assert [type(e) for e in engine.enqueue("c", "fr", 0.0)] == [ContactQueued]
    assert engine.waiting("fr") == 1
    assert engine.agent_state("ann") is S.AVAILABLE


def test_longest_idle_agent_is_chosen() -> None:
    engine = RoutingEngine([Queue("q", V)])
    engine.add_agent(Agent("early"), 0.0)
    engine.add_agent(Agent("late"), 0.0)
    engine.set_state("late", S.AVAILABLE, 5.0)
    engine.set_state("early", S.AVAILABLE, 6.0)
    engine.set_state("early", S.NOT_READY, 7.0)
    engine.set_state("early", S.AVAILABLE, 8.0)  # idle since 8, "late" idle since 5
    engine.enqueue("c", "q", 9.0)
    assert engine.contact_agent("c") == "late"


def test_free_agent_takes_highest_score_then_fcfs() -> None:
    queues = [
        Queue("low", V, priority=0, acceleration=1.0),
        Queue("vip", V, priority=100, acceleration=1.0),
    ]
    engine = RoutingEngine(queues, auto_accept=True)
    engine.add_agent(Agent("a"), 0.0)
    engine.enqueue("old-low", "low", 0.0)  # score at t=50: 50
    engine.enqueue("vip-1", "vip", 40.0)  # score at t=50: 110
    engine.enqueue("vip-2", "vip", 40.0)  # same score, later arrival
    events = engine.set_state("a", S.AVAILABLE, 50.0)
    offered = [e.contact_id for e in events if isinstance(e, ContactOffered)]
    assert offered == ["vip-1"]
    engine.complete("vip-1", 51.0)
    assert engine.contact_agent("vip-2") == "a"


def test_abandon_while_waiting_and_while_offered() -> None:
    engine = RoutingEngine([Queue("q", V)])
    engine.enqueue("w", "q", 0.0)
    assert engine.abandon("w", 12.5) == [ContactAbandoned(12.5, "w", "q", 12.5)]
    assert engine.waiting("q") == 0
    login(engine, Agent("a"), now=20.0)
    engine.enqueue("o", "q", 20.0)
    events = engine.abandon("o", 21.0)
    assert events == [
        ContactAbandoned(21.0, "o", "q", 1.0),
        AgentStateChanged(21.0, "a", S.RESERVED, S.AVAILABLE, None),
    ]


def test_offer_timeout_moves_contact_on_and_sets_agent_not_ready() -> None:
    engine = RoutingEngine([Queue("q", V, offer_timeout_s=15.0)])
    login(engine, Agent("a"), Agent("b", capacity={V: 1}), now=0.0)
    engine.set_state("b", S.NOT_READY, 0.5)
    engine.set_state("b", S.AVAILABLE, 1.0)  # "a" is the longest idle
    engine.enqueue("c", "q", 2.0)
    assert engine.contact_agent("c") == "a"
    assert engine.next_due() == 17.0
    events = engine.tick(17.0)
    assert events[0] == OfferDeclined(17.0, "c", "a", True)
    assert ContactOffered(17.0, "c", "b", "q", 15.0) in events
    assert AgentStateChanged(17.0, "a", S.RESERVED, S.NOT_READY, "offer_timeout") in events
    assert engine.agent_state("a") is S.NOT_READY


def test_timed_and_open_ended_wrap_up() -> None:
    queues = [Queue("timed", V, wrap_up_s=30.0), Queue("open", V, wrap_up_s=math.inf)]
    engine = RoutingEngine(queues, auto_accept=True)
    login(engine, Agent("a"))
    engine.enqueue("c1", "timed", 0.0)
    engine.complete("c1", 100.0)
    assert engine.agent_state("a") is S.WRAP_UP
    engine.enqueue("c2", "open", 101.0)
    assert engine.waiting("open") == 1  # no offer during wrap-up
    assert engine.next_due() == 130.0
    events = engine.tick(130.0)
    assert events[0] == AgentStateChanged(130.0, "a", S.WRAP_UP, S.AVAILABLE, None)
    assert engine.contact_agent("c2") == "a"
    engine.complete("c2", 200.0)
    assert engine.agent_state("a") is S.WRAP_UP
    assert engine.next_due() is None
    engine.set_state("a", S.AVAILABLE, 250.0)
    assert engine.agent_state("a") is S.AVAILABLE


def test_chat_capacity_and_voice_exclusivity() -> None:
    engine = RoutingEngine([Queue("chat", C), Queue("voice", V)], auto_accept=True)
    login(engine, Agent("a", capacity={V: 1, C: 2}))
    engine.enqueue("ch1", "chat", 0.0)
    engine.enqueue("ch2", "chat", 0.0)
    engine.enqueue("ch3", "chat", 0.0)
    engine.enqueue("v1", "voice", 0.0)
    assert engine.active_contacts("a") == frozenset({"ch1", "ch2"})
    assert engine.waiting("chat") == 1 and engine.waiting("voice") == 1
    engine.complete("ch1", 5.0)  # a chat slot frees: voice still blocked by ch2
    assert engine.active_contacts("a") == frozenset({"ch2", "ch3"})
    engine.complete("ch2", 6.0)
    engine.complete("ch3", 7.0)
    assert engine.active_contacts("a") == frozenset({"v1"})


def test_equal_scores_across_queues_go_first_come_first_served() -> None:
    queues = [Queue("x", V, acceleration=0.0), Queue("y", V, acceleration=0.0)]
    engine = RoutingEngine(queues, auto_accept=True)
    engine.add_agent(Agent("a"), 0.0)
    engine.enqueue("y-early", "y", 0.0)
    engine.enqueue("x-late", "x", 1.0)
    engine.enqueue("y-later", "y", 2.0)
    engine.set_state("a", S.AVAILABLE, 3.0)
    assert engine.contact_agent("y-early") == "a"
    engine.complete("y-early", 4.0)
    assert engine.contact_agent("x-late") == "a"
