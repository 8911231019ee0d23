"""End-to-end oracle: one FCFS queue routed by the engine behaves as the M/M/c queue.

With Poisson arrivals (10 per second), exponential handling (mean 1 s) and 12 agents, Erlang C
gives the probability of waiting P(W>0) = 0.4494 and ASA = P(W>0) × AHT / (c − A) = 0.2247 s
(standard Erlang C tables, A = 10 Erlangs, c = 12). The engine must reproduce both: that holds
only if no agent idles while a contact waits and no agent holds two calls at once (the order of
service is checked by the stateful test, since mean wait does not depend on it).
"""

from __future__ import annotations

import heapq
import random

import pytest

from frontline.domain.channels import Channel
from frontline.domain.routing import (
    Agent,
    AgentState,
    OfferAccepted,
    Queue,
    RoutingEngine,
)

PUBLISHED_P_WAIT = 0.4494  # Erlang C, A = 10, c = 12
PUBLISHED_ASA_S = 0.2247


def erlang_c(agents: int, erlangs: float) -> float:
    blocking = 1.0
    for k in range(1, agents + 1):
        blocking = erlangs * blocking / (k + erlangs * blocking)
    return agents * blocking / (agents - erlangs * (1 - blocking))


def simulate(contacts: int, seed: int) -> tuple[float, float]:
    rng = random.Random(seed)
    engine = RoutingEngine([Queue("q", Channel.VOICE)], auto_accept=True)
    for i in range(12):
        engine.add_agent(Agent(f"a{i}"), 0.0)
        engine.set_state(f"a{i}", AgentState.AVAILABLE, 0.0)
    completions: list[tuple[float, str]] = []
    waits: list[float] = []
    now = 0.0
    next_arrival = rng.expovariate(10.0)
    made = 0
    while made < contacts:
        if completions and completions[0][0] < next_arrival:
            now, contact = heapq.heappop(completions)
            events = engine.complete(contact, now)
        else:
            now = next_arrival
            events = engine.enqueue(f"c{made}", "q", now)
            made += 1
            next_arrival = now + rng.expovariate(10.0)
        for event in events:
            if isinstance(event, OfferAccepted):
                waits.append(event.waited_s)
                heapq.heappush(completions, (now + rng.expovariate(1.0), event.contact_id))
    steady = waits[2_000:]
    return sum(w > 0 for w in steady) / len(steady), sum(steady) / len(steady)


def test_published_table_values_match_the_formula() -> None:
    assert erlang_c(12, 10.0) == pytest.approx(PUBLISHED_P_WAIT, abs=5e-5)
    assert erlang_c(12, 10.0) / 2 == pytest.approx(PUBLISHED_ASA_S, abs=5e-5)


@pytest.mark.slow
def test_engine_reproduces_erlang_c_waiting_probability_and_asa() -> None:
    p_wait, asa = simulate(200_000, seed=11)
    assert p_wait == pytest.approx(PUBLISHED_P_WAIT, abs=0.025)
    assert asa == pytest.approx(PUBLISHED_ASA_S, rel=0.12)
