"""The flow runner: a pure state machine, ``start`` then ``feed`` until an outcome.

Every call returns a `Step`: prompts, then the customer's turn (`Expect`), the service layer's
turn (a request to fulfil and feed back) or the end (`Outcome`). The rules every flow keeps:
- the escape key or an escape word reaches an agent from any node waiting for the customer;
- a node re-asks ("Sorry, I didn't get that") up to its retries, then leaves by ``on_failure``
  or goes to an agent; across the whole flow ``max_failures`` failures go to an agent;
- hand-offs carry the collected context, and the intent can choose queue, skills and priority.
No clock, no I/O: ``now`` is passed in and fed back results stand for the outside world.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from frontline.domain.channels import Channel
from frontline.domain.flows import endings, handlers
from frontline.domain.flows.conditions import evaluate
from frontline.domain.flows.errors import FlowRuntimeError
from frontline.domain.flows.exchange import (
    ArticleRequest,
    ArticleResult,
    DigitsInput,
    FlowInput,
    HungUp,
    IntentResult,
    LookupRequest,
    LookupResult,
    NoInput,
    TextInput,
    WaitEstimate,
    WaitEstimateRequest,
)
from frontline.domain.flows.flow import Flow
from frontline.domain.flows.matching import asks_for_agent
from frontline.domain.flows.nodes import (
    AnswerNode,
    CallbackNode,
    CollectNode,
    ConditionNode,
    EndNode,
    IntentNode,
    LookupNode,
    MenuNode,
    QueueNode,
    SayNode,
    SetNode,
    VoicemailNode,
)
from frontline.domain.flows.outcomes import EndFlow, FlowOutcome, NodeEntered, TakeVoicemail
from frontline.domain.flows.parse import MAX_NODES
from frontline.domain.flows.presenting import Turn, ask
from frontline.domain.flows.state import FlowContext, FlowState, Waiting
from frontline.domain.flows.step import Step
from frontline.domain.flows.texts import fill

MAX_HOPS = 2 * MAX_NODES
"""Nodes entered in one turn before the runner gives up and hands off (validation already
refuses loops that never wait, so only a corrupted flow can get here)."""

_CUSTOMER = (DigitsInput, TextInput, NoInput)
_ACCEPTS: dict[Waiting, tuple[type, ...]] = {
    Waiting.INPUT: _CUSTOMER,
    Waiting.CLARIFY: _CUSTOMER,
    Waiting.CALLBACK_CHOICE: _CUSTOMER,
    Waiting.CALLBACK_TIME: _CUSTOMER,
    Waiting.LOOKUP: (LookupResult,),
    Waiting.INTENT: (IntentResult,),
    Waiting.ARTICLE: (ArticleResult,),
    Waiting.WAIT_ESTIMATE: (WaitEstimate,),
}


def start(flow: Flow, channel: Channel, context: FlowContext, now: datetime) -> Step:
    """Begin a run of ``flow`` for one customer on ``channel`` at the aware instant ``now``."""
    if now.tzinfo is None:
        raise FlowRuntimeError("now must be timezone-aware")
    missing = flow.schedule_names() - set(context.schedules)
    if missing:
        raise FlowRuntimeError(f"flow {flow.id!r} needs opening schedules {sorted(missing)}")
    state = FlowState(
        flow=flow,
        channel=channel,
        node=flow.start,
        waiting=Waiting.INPUT,
        started_at=now,
        caller=context.caller,
        customer=dict(context.customer),
        schedules=dict(context.schedules),
        data={},
        language=context.language or flow.language,
    )
    return run_from(state, flow.start, Turn(now))


def feed(state: FlowState, received: FlowInput, now: datetime) -> Step:
    """Continue the run with the customer's input or the result of the pending request."""
    if state.finished:
        raise FlowRuntimeError("the flow has already finished")
    turn = Turn(now)
    if isinstance(received, HungUp):
        return endings.finish(
            state, turn, FlowOutcome.ABANDONED, EndFlow(), "customer left", passed=False
        )
    if not isinstance(received, _ACCEPTS[state.waiting]):
        raise FlowRuntimeError(
            f"node {state.node!r} waits for {state.waiting.value}, not {type(received).__name__}"
        )
    if isinstance(received, DigitsInput | TextInput) and asks_for_agent(
        received, state.flow.escape
    ):
        return endings.escalate(state, turn, "customer asked for an agent")
    node = state.flow.nodes[state.node]
    follow = handlers.respond(state, node, received, turn)
    if isinstance(follow, Step):
        return follow
    next_state, target, passed = follow
    return go(next_state, target, turn, passed=passed)


def go(state: FlowState, target: str, turn: Turn, *, passed: bool = True) -> Step:
    if passed:
        turn.events.append(endings.passed(state, turn))
    return run_from(state, target, turn)


def run_from(state: FlowState, node_id: str, turn: Turn) -> Step:
    """Enter ``node_id`` and keep going through nodes that need nobody until one does."""
    while True:
        turn.hops += 1
        if turn.hops > MAX_HOPS:
            return endings.escalate(state, turn, "the flow went round without waiting")
        state = replace(
            state,
            node=node_id,
            waiting=Waiting.INPUT,
            attempts=0,
            candidates=(),
            path=(*state.path, node_id),
        )
        turn.events.append(NodeEntered(state.flow.id, node_id, turn.now))
        node = state.flow.nodes[node_id]
        scope = state.scope()
        match node:
            case SayNode():
                if node.text is not None:
                    turn.say(state, node.text)
                if node.audio is not None:
                    turn.play(state, node.audio)
                target = node.next
            case SetNode():
                state = handlers.apply_set(state, node)
                target = node.next
            case ConditionNode():
                local_now = turn.now.astimezone(ZoneInfo(state.flow.timezone))
                target = next(
                    (
                        b.next
                        for b in node.branches
                        if evaluate(b.test, scope, local_now, state.schedules)
                    ),
                    node.otherwise,
                )
            case MenuNode() | CollectNode() | IntentNode():
                return ask(state, node, turn)
            case LookupNode():
                params = {name: fill(template, scope) for name, template in node.params}
                lookup = LookupRequest(
                    node.id,
                    node.source.value,
                    node.backend,
                    node.operation,
                    params,
                    node.timeout_seconds,
                )
                return turn.step(replace(state, waiting=Waiting.LOOKUP), request=lookup)
            case AnswerNode():
                article = fill(node.article, scope)
                if not article:
                    if node.on_missing is None:
                        return endings.escalate(state, turn, f"no article at {node.id}")
                    node_id = node.on_missing
                    continue
                wanted = ArticleRequest(node.id, article, state.language)
                return turn.step(replace(state, waiting=Waiting.ARTICLE), request=wanted)
            case CallbackNode():
                if handlers.callback_number(state, node) is None:
                    target = node.next  # nobody to call back: no offer
                else:
                    request = WaitEstimateRequest(node.id, node.queue)
                    return turn.step(replace(state, waiting=Waiting.WAIT_ESTIMATE), request=request)
            case QueueNode():
                return endings.hand_off(state, node, turn)
            case VoicemailNode():
                if node.text is not None:
                    turn.say(state, node.text)
                outcome = TakeVoicemail(
                    node.mailbox, node.max_seconds, endings.context(state, "voicemail")
                )
                return endings.finish(state, turn, FlowOutcome.VOICEMAIL, outcome, "voicemail")
            case EndNode():
                if node.text is not None:
                    turn.say(state, node.text)
                return endings.finish(state, turn, FlowOutcome.CONTAINED, EndFlow(), "completed")
        turn.events.append(endings.passed(state, turn))
        node_id = target
