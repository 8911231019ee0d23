"""What the runner does with each answer: customer input at a waiting node, or a fed-back result.

`respond` returns either a finished `Step` (a re-ask, a request, an outcome) or
``(state, target, passed)`` for the runner to move on to ``target``. Keeping transitions in the
runner and the per-node reactions here keeps both readable and free of import cycles.
"""

from __future__ import annotations

from dataclasses import replace

from frontline.domain.bot_policy import BotAction
from frontline.domain.callbacks import (
    CallbackRequest,
    CallbackTimeRejected,
    keep_place,
    next_occurrence,
    parse_clock,
    schedule_at,
    should_offer,
)
from frontline.domain.flows.collect import collect_value
from frontline.domain.flows.endings import context, escalate, finish, routing
from frontline.domain.flows.exchange import (
    ArticleResult,
    DigitsInput,
    FlowInput,
    IntentRequest,
    IntentResult,
    LookupResult,
    LookupStatus,
    NoInput,
    TextInput,
    WaitEstimate,
)
from frontline.domain.flows.matching import match_option
from frontline.domain.flows.nodes import (
    AnswerNode,
    CallbackNode,
    CollectNode,
    IntentNode,
    LookupNode,
    MenuNode,
    Node,
    SetNode,
)
from frontline.domain.flows.outcomes import FlowOutcome, NodeRetried, ScheduleCallback
from frontline.domain.flows.presenting import (
    CHOOSE_TIME,
    KEEP_PLACE,
    Turn,
    ask,
    choice_options,
)
from frontline.domain.flows.state import FlowState, Waiting
from frontline.domain.flows.step import Step
from frontline.domain.flows.texts import Text, fill
from frontline.domain.org.customers import check_phone
from frontline.domain.org.errors import InvalidValue

Move = tuple[FlowState, str, bool]


def respond(state: FlowState, node: Node, received: FlowInput, turn: Turn) -> Step | Move:
    """React to ``received`` at ``node`` (the runner has already checked it is expected)."""
    if isinstance(received, NoInput):
        return fail(state, node, turn, "no_input")
    match received:
        case LookupResult():
            assert isinstance(node, LookupNode)
            target = {LookupStatus.OK: node.next, LookupStatus.NOT_FOUND: node.on_not_found}
            data = dict(received.data) if received.status is LookupStatus.OK else {}
            state = state.with_data(
                **{node.into: data, f"{node.into}_status": received.status.value}
            )
            return state, target.get(received.status, node.on_failure), True
        case IntentResult():
            assert isinstance(node, IntentNode)
            return _on_intent(state, node, received, turn)
        case ArticleResult():
            assert isinstance(node, AnswerNode)
            if received.found:
                turn.say_plain(state, received.body)
                return state, node.next, True
            if node.on_missing is None:
                return escalate(state, turn, f"no article at {node.id}")
            return state, node.on_missing, False
        case WaitEstimate():
            assert isinstance(node, CallbackNode)
            if not should_offer(received.seconds, node.threshold_seconds):
                return state, node.next, True
            state = replace(state, waiting=Waiting.CALLBACK_CHOICE, wait_seconds=received.seconds)
            return ask(state, node, turn)
    assert isinstance(received, DigitsInput | TextInput)
    if isinstance(node, MenuNode) or state.waiting in (Waiting.CLARIFY, Waiting.CALLBACK_CHOICE):
        return _on_choice(state, node, received, turn)
    if isinstance(node, CollectNode):
        found = collect_value(node, received)
        if found is None:
            return fail(state, node, turn, "no_match")
        value, shown = found
        state = replace(
            state.with_data(**{node.into: value}), answers=(*state.answers, (node.label, shown))
        )
        return state, node.next, True
    if isinstance(node, CallbackNode):
        return _on_callback_time(state, node, received, turn)
    assert isinstance(node, IntentNode)
    if not isinstance(received, TextInput) or not received.text.strip():
        return fail(state, node, turn, "no_match")
    state = replace(
        state.with_data(utterance=received.text),
        answers=(*state.answers, ("Customer said", received.text)),
        waiting=Waiting.INTENT,
    )
    return turn.step(state, request=IntentRequest(node.id, received.text, state.language))


def _on_intent(state: FlowState, node: IntentNode, result: IntentResult, turn: Turn) -> Step | Move:
    decision = result.decision
    if decision.action is BotAction.ANSWER:
        return _route_intent(state, node, decision.intents[0], result.prediction.confidence)
    if decision.action is BotAction.CLARIFY:
        state = replace(state, waiting=Waiting.CLARIFY, candidates=decision.intents[:2])
        return ask(state, node, turn)
    return fail(replace(state, waiting=Waiting.INPUT), node, turn, "no_match")


def _route_intent(
    state: FlowState, node: IntentNode, intent: str, confidence: float | None
) -> Move:
    state = state.with_data(
        **{node.into: intent, "intent": intent, "intent_confidence": confidence}
    )
    return state, dict(node.routes).get(intent, node.next), True


def _on_choice(
    state: FlowState, node: Node, received: DigitsInput | TextInput, turn: Turn
) -> Step | Move:
    option = match_option(received, choice_options(state, node))
    if option is None:
        return fail(state, node, turn, "no_match")
    if state.waiting is Waiting.CLARIFY:
        assert isinstance(node, IntentNode)
        return _route_intent(state, node, option.next, None)
    if isinstance(node, CallbackNode):
        if option.next == KEEP_PLACE:
            number = callback_number(state, node)
            assert number is not None
            queue, skills, priority = routing(state, node.queue)
            request = keep_place(
                queue,
                number,
                joined_queue_at=turn.now,
                now=turn.now,
                priority=priority,
                skills=skills,
            )
            return _callback_booked(state, node, turn, request)
        if option.next == CHOOSE_TIME:
            return ask(replace(state, waiting=Waiting.CALLBACK_TIME, attempts=0), node, turn)
        return state, node.next, True
    return state, option.next, True


def _on_callback_time(
    state: FlowState, node: CallbackNode, received: DigitsInput | TextInput, turn: Turn
) -> Step | Move:
    text = received.digits if isinstance(received, DigitsInput) else received.text
    clock = parse_clock(text)
    number = callback_number(state, node)
    if clock is None or node.schedule is None or number is None:
        return fail(state, node, turn, "no_match")
    schedule = state.schedules[node.schedule]
    at = next_occurrence(clock, schedule.timezone, turn.now)
    queue, skills, priority = routing(state, node.queue)
    try:
        request = schedule_at(
            queue, number, at, schedule=schedule, now=turn.now, priority=priority, skills=skills
        )
    except CallbackTimeRejected:
        return fail(state, node, turn, "no_match", state.flow.messages.callback_closed)
    return _callback_booked(state.with_data(callback_at=at.isoformat()), node, turn, request)


def _callback_booked(
    state: FlowState, node: CallbackNode, turn: Turn, request: CallbackRequest
) -> Step:
    turn.say(state, node.confirm_text)
    outcome = ScheduleCallback(request, context(state, f"callback ({request.mode.value})"))
    return finish(state, turn, FlowOutcome.CALLBACK, outcome, f"callback {request.mode.value}")


def callback_number(state: FlowState, node: CallbackNode) -> str | None:
    """The number to call back (E.164), or None when there is no valid one to offer."""
    try:
        return check_phone(fill(node.number, state.scope()))
    except InvalidValue:
        return None


def fail(
    state: FlowState, node: Node, turn: Turn, reason: str, apology: Text | None = None
) -> Step | Move:
    """One failed attempt: re-ask, leave by ``on_failure``, or go to an agent."""
    state = replace(state, failures=state.failures + 1, attempts=state.attempts + 1)
    turn.events.append(NodeRetried(state.flow.id, node.id, reason, turn.now))
    if state.failures >= state.flow.max_failures:
        return escalate(state, turn, f"{state.failures} failed attempts")
    assert isinstance(node, MenuNode | CollectNode | IntentNode | CallbackNode)
    if state.attempts > node.input.retries:
        if node.input.on_failure is not None:
            return state, node.input.on_failure, False
        return escalate(state, turn, f"no valid answer at {node.id}")
    turn.say(
        state, apology or (node.input.no_input if reason == "no_input" else node.input.no_match)
    )
    return ask(state, node, turn)


def apply_set(state: FlowState, node: SetNode) -> FlowState:
    scope = state.scope()
    values = {k: fill(v, scope) if isinstance(v, str) else v for k, v in node.values}
    skills = dict(state.skills)
    for skill, level in node.skills:
        skills[skill] = max(level, skills.get(skill, 0))
    return replace(
        state.with_data(**values),
        priority=state.priority if node.priority is None else node.priority,
        language=node.language or state.language,
        skills=skills,
    )
