"""How a run ends: routing a hand-off (intent-based), escalating to an agent, and the events.

Every way out of a flow goes through `finish`, so each run emits exactly one `FlowFinished`
and analytics can trust that every entered run is counted once.
"""

from __future__ import annotations

from dataclasses import replace

from frontline.domain.flows.nodes import QueueNode
from frontline.domain.flows.outcomes import (
    FlowFinished,
    FlowOutcome,
    HandOff,
    HandOffContext,
    NodePassed,
    Outcome,
)
from frontline.domain.flows.presenting import Turn
from frontline.domain.flows.state import FlowState, Waiting
from frontline.domain.flows.step import Step


def routing(
    state: FlowState,
    default_queue: str,
    *,
    by_intent: bool = True,
    skills: tuple[tuple[str, int], ...] = (),
    priority: int | None = None,
) -> tuple[str, dict[str, int], int]:
    """Queue, skills and priority for a hand-off (intent-based routing).

    With ``by_intent`` and a known intent that has a route, the route's queue wins; skills are
    merged at the highest level asked for; priority is the highest anything on the path set.
    """
    intent = state.data.get("intent")
    route = state.flow.intents.get(str(intent)) if by_intent and intent else None
    queue = route.queue if route is not None and route.queue else default_queue
    merged = dict(state.skills)
    for skill, level in (*skills, *(route.skills if route else ())):
        merged[skill] = max(level, merged.get(skill, 0))
    candidates = [state.priority, priority or 0, (route.priority or 0) if route else 0]
    return queue, merged, max(candidates)


def hand_off(state: FlowState, node: QueueNode, turn: Turn) -> Step:
    """Hand off at a queue node; with ``route_by_intent`` the intent's route wins."""
    queue, skills, priority = routing(
        state,
        node.queue,
        by_intent=node.route_by_intent,
        skills=node.skills,
        priority=node.priority,
    )
    if node.text is not None:
        turn.say(state, node.text)
    reason = f"queue node {node.id}"
    if queue != node.queue:
        reason += f", routed by intent {state.data.get('intent')}"
    outcome = HandOff(queue, skills, priority, context(state, reason))
    return finish(state, turn, FlowOutcome.QUEUED, outcome, reason)


def escalate(state: FlowState, turn: Turn, reason: str) -> Step:
    """An agent, now: the intent's queue when one is known, else the flow's agent queue."""
    queue, skills, priority = routing(state, state.flow.agent_queue)
    turn.say(state, state.flow.messages.transfer)
    outcome = HandOff(queue, skills, priority, context(state, reason))
    return finish(state, turn, FlowOutcome.ESCALATED, outcome, reason, passed=False)


def context(state: FlowState, reason: str) -> HandOffContext:
    confidence = state.data.get("intent_confidence")
    intent = state.data.get("intent")
    return HandOffContext(
        flow_id=state.flow.id,
        flow_version=state.flow.version,
        channel=state.channel,
        language=state.language,
        intent=str(intent) if intent else None,
        intent_confidence=float(confidence) if isinstance(confidence, int | float) else None,
        answers=state.answers,
        data=dict(state.data),
        path=state.path,
        reason=reason,
    )


def passed(state: FlowState, turn: Turn) -> NodePassed:
    return NodePassed(state.flow.id, state.node, turn.now)


def finish(
    state: FlowState,
    turn: Turn,
    kind: FlowOutcome,
    outcome: Outcome,
    reason: str,
    *,
    passed: bool = True,
) -> Step:
    if passed:
        turn.events.append(NodePassed(state.flow.id, state.node, turn.now))
    turn.events.append(FlowFinished(state.flow.id, kind, state.node, state.path, reason, turn.now))
    return turn.step(replace(state, waiting=Waiting.DONE, outcome=kind), outcome=outcome)
