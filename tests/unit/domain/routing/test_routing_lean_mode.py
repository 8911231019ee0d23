"""The engine's opt-in lean mode (state sink, no routine events) reports the same facts.

The simulator runs the engine this way; the live server keeps the full event lists. The test
drives a full and a lean engine with the same random command sequence and checks that the
lean one returns exactly the full list minus `ContactQueued`, `ContactOffered` and the
`AgentStateChanged` events, and that its sink received those state changes in the same order;
likewise for the answer and completion sinks, which take the place of `OfferAccepted` and
`ContactCompleted`.
"""

from __future__ import annotations

import random

from frontline.domain.channels import Channel
from frontline.domain.routing import (
    Agent,
    AgentState,
    AgentStateChanged,
    ContactCompleted,
    ContactOffered,
    ContactQueued,
    Event,
    OfferAccepted,
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


Fact = tuple[str, str, str, float, float]


def _sinking_engine(
    answers: list[Fact], completions: list[Fact]
) -> tuple[RoutingEngine, list[Event]]:
    """A full engine but for answers and completions, which go to the two lists."""
    engine = RoutingEngine(
        QUEUES,
        auto_accept=True,
        answer_sink=lambda *fact: answers.append(fact),
        completion_sink=lambda *fact: completions.append(fact),
    )
    logins: list[Event] = []
    for agent in AGENTS:
        engine.add_agent(agent, 0.0)
        logins += engine.set_state(agent.id, S.AVAILABLE, 0.0)
    return engine, logins


def test_answer_and_completion_sinks_take_the_place_of_their_events() -> None:
    for seed in range(5):
        full = _run(_engine(None), seed)
        answers: list[Fact] = []
        completions: list[Fact] = []
        lean = _run(_sinking_engine(answers, completions), seed)
        assert lean == [e for e in full if not isinstance(e, OfferAccepted | ContactCompleted)]
        assert answers == [
            (e.contact_id, e.agent_id, e.queue_id, e.waited_s, e.at)
            for e in full
            if isinstance(e, OfferAccepted)
        ]
        assert completions == [
            (e.contact_id, e.agent_id, e.queue_id, e.handled_s, e.at)
            for e in full
            if isinstance(e, ContactCompleted)
        ]
        assert len(answers) > 20 and len(completions) > 20


def test_answer_sink_also_takes_answers_to_offers_accepted_by_hand() -> None:
    answers: list[Fact] = []
    engine = RoutingEngine(QUEUES, answer_sink=lambda *fact: answers.append(fact))
    engine.add_agent(AGENTS[0], 0.0)
    engine.set_state("ann", S.AVAILABLE, 0.0)
    engine.enqueue("c1", "sales", 1.0)
    events = engine.accept("c1", "ann", 3.0)
    assert answers == [("c1", "ann", "sales", 2.0, 3.0)]
    assert [type(event) for event in events] == [AgentStateChanged]
