"""The engine's opt-in lean mode (state sink, no routine events) reports the same facts.

The simulator runs the engine this way; the live server keeps the full event lists. The test
drives a full and a lean engine with the same random command sequence and checks that the
lean one returns exactly the full list minus `ContactQueued`, `ContactOffered` and the
`AgentStateChanged` events, and that its sink received those state changes in the same order.
"""

from __future__ import annotations

import random

from frontline.domain.channels import Channel
from frontline.domain.routing import (
    Agent,
    AgentState,
    AgentStateChanged,
    ContactOffered,
    ContactQueued,
    Event,
    Queue,
    RoutingEngine,
    WideningStep,
    WrongContactPhase,
)

V, C = Channel.VOICE, Channel.CHAT
S = AgentState
QUEUES = [
    Queue("sales", V, {"en": 3}, widening=(WideningStep(30.0, 1),)),
    Queue("help", C, {"en": 1}),
]
AGENTS = [
    Agent("ann", {"en": 5}, {V: 1}),
    Agent("bob", {"en": 1}, {V: 1, C: 2}),
    Agent("cy", {"en": 3}, {C: 3}),
]


def _engine(sink: list[tuple[str, AgentState, float]] | None) -> tuple[RoutingEngine, list[Event]]:
    """A full engine (``sink`` None) or a lean one, with every agent logged in."""
    if sink is None:
        engine = RoutingEngine(QUEUES, auto_accept=True)
    else:
        engine = RoutingEngine(
            QUEUES,
            auto_accept=True,
            state_sink=lambda agent, state, at: sink.append((agent, state, at)),
            routine_events=False,
        )
    logins: list[Event] = []
    for agent in AGENTS:
        engine.add_agent(agent, 0.0)
        logins += engine.set_state(agent.id, S.AVAILABLE, 0.0)
    return engine, logins


def _run(setup: tuple[RoutingEngine, list[Event]], seed: int) -> list[Event]:
    engine, events = setup
    rng = random.Random(seed)
    live: list[str] = []
    now = 0.0
    for n in range(400):
        now += rng.expovariate(1 / 8)
        roll = rng.random()
        if roll < 0.45 or not live:
            contact = f"c{n}"
            live.append(contact)
            events += engine.enqueue(contact, rng.choice(["sales", "help"]), now)
        elif roll < 0.85:
            contact = live.pop(rng.randrange(len(live)))
            try:
                events += engine.complete(contact, now)
            except WrongContactPhase:  # still waiting: the customer hangs up instead
                events += engine.abandon(contact, now)
        else:
            events += engine.tick(now)
    return events


def test_lean_mode_returns_the_same_facts_and_sinks_the_state_changes() -> None:
    for seed in range(5):
        full = _run(_engine(None), seed)
        sunk: list[tuple[str, AgentState, float]] = []
        lean = _run(_engine(sunk), seed)
        routine = (ContactQueued, ContactOffered, AgentStateChanged)
        assert lean == [event for event in full if not isinstance(event, routine)]
        changes = [(e.agent_id, e.new, e.at) for e in full if isinstance(e, AgentStateChanged)]
        assert sunk == changes
        assert len(changes) > 30  # the sequence exercised plenty of state changes


def test_routine_events_are_kept_when_offers_are_not_auto_accepted() -> None:
    engine = RoutingEngine(QUEUES, routine_events=False)
    engine.add_agent(AGENTS[0], 0.0)
    engine.set_state("ann", S.AVAILABLE, 0.0)
    events = engine.enqueue("c1", "sales", 1.0)
    assert [type(event) for event in events] == [ContactQueued, ContactOffered, AgentStateChanged]
