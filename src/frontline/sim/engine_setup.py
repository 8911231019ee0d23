"""Configuring the production routing engine for a scenario.

The simulator runs the engine with ``auto_accept=True`` (simulated agents answer at once) and
gives queues with wrap-up an open-ended wrap-up (``math.inf``): the simulator ends it by its
own clock, so wrap-up can follow any distribution and a pending break can follow it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from frontline.domain.routing import (
    Agent,
    AgentPolicy,
    AnswerSink,
    CompletionSink,
    Queue,
    RoutingEngine,
    StateSink,
    WideningStep,
    longest_idle,
    most_skilled,
)
from frontline.sim.scenario import QueueSpec, Scenario

POLICIES: dict[str, AgentPolicy] = {"longest_idle": longest_idle, "most_skilled": most_skilled}


def routing_queue(spec: QueueSpec) -> Queue:
    """The engine's view of a scenario queue."""
    return Queue(
        id=spec.name,
        channel=spec.channel,
        required_skills=dict(spec.required_skills),
        priority=spec.priority,
        widening=tuple(WideningStep(after, level) for after, level in spec.widening),
        any_agent_after_s=(spec.any_agent_after_s),
        wrap_up_s=math.inf if spec.wrap_up is not None else None,
    )


def build_engine(
    scenario: Scenario,
    agents: Iterable[Agent],
    state_sink: StateSink | None = None,
    *,
    answer_sink: AnswerSink | None = None,
    completion_sink: CompletionSink | None = None,
) -> RoutingEngine:
    """An engine with the scenario's queues and all agents registered (offline) at time 0.

    With ``state_sink`` the engine runs its lean mode: agent state changes go to the sink and
    the contact-queued and contact-offered events, which the simulator does not use, are not
    built at all; answers and completions go to their sinks when given, instead of events."""
    engine = RoutingEngine(
        (routing_queue(q) for q in scenario.queues),
        agent_policy=POLICIES[scenario.agent_policy],
        auto_accept=True,
        state_sink=state_sink,
        answer_sink=answer_sink,
        completion_sink=completion_sink,
        routine_events=state_sink is None,
    )
    for agent in agents:
        engine.add_agent(agent, 0.0)
    return engine
