"""The chat bot: a queue's published flow answering the chat widget before an agent does.

Each customer message is one turn: restore the run from its snapshot, feed the text, fulfil
the flow's requests (outside the routing service's worker, which must never wait on a
backend), store the new snapshot and the analytics events, then send the bot's replies and
any hand-off to the routing service as one `BotTurn` command. Typing "agent" or "human"
reaches a person from any question (the flow engine's escape rule).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from frontline.domain.callbacks import OpeningSchedule
from frontline.domain.channels import Channel
from frontline.domain.flows import (
    EndFlow,
    Flow,
    FlowContext,
    FlowState,
    HandOff,
    HungUp,
    InputMode,
    Request,
    RequestResult,
    ScheduleCallback,
    Step,
    TakeVoicemail,
    TextInput,
    drive,
    feed,
    start,
)
from frontline.domain.org.errors import DomainError
from frontline.service.selfservice.flow_cache import FlowCache
from frontline.service.selfservice.live_commands import BotTurn, HandOffTo
from frontline.service.selfservice.outcomes import context_view, hand_off_view
from frontline.service.selfservice.ports import (
    CallbackStore,
    FlowEventLog,
    FlowSession,
    SessionStore,
)

log = logging.getLogger(__name__)


def chat_key(interaction_id: int) -> str:
    return f"chat:{interaction_id}"


class ChatSelfService:
    def __init__(
        self,
        *,
        flows: FlowCache,
        sessions: SessionStore,
        events: FlowEventLog,
        callbacks: CallbackStore,
        fulfil: Callable[[Request], RequestResult],
        execute: Callable[[Any], Any],
        clock: Callable[[], datetime],
        schedules: Callable[[], Mapping[str, OpeningSchedule]] = dict,
    ) -> None:
        self.flows = flows
        self.sessions = sessions
        self.events = events
        self.callbacks = callbacks
        self.fulfil = fulfil
        self.execute = execute
        self.clock = clock
        self.schedules = schedules
        self._locks: dict[int, threading.Lock] = {}
        self._guard = threading.Lock()

    def flow_for_queue(self, queue: str) -> Flow | None:
        return self.flows.flow_for_queue(queue)

    def cached_flow_for_queue(self, queue: str) -> tuple[bool, Flow | None]:
        return self.flows.cached_flow_for_queue(queue)

    def _lock(self, interaction_id: int) -> threading.Lock:
        with self._guard:
            if len(self._locks) > 10_000:
                self._locks = {k: v for k, v in self._locks.items() if v.locked()}
            return self._locks.setdefault(interaction_id, threading.Lock())

    def begin(self, interaction_id: int, flow: Flow, first_message: str, name: str) -> None:
        """Start the flow; a first message that answers a free-text question is fed at once."""
        with self._lock(interaction_id):
            try:
                self._begin(interaction_id, flow, first_message, name)
            except Exception:
                self._rescue(interaction_id, flow)

    def _rescue(self, interaction_id: int, flow: Flow) -> None:
        """A flow that cannot run (a bug, a schedule it names is missing) must not strand the
        customer: the chat goes to the agents instead."""
        log.exception("chat %s: flow %s failed; handing off to agents", interaction_id, flow.id)
        context = {"flow": {"id": flow.id, "version": flow.version}, "reason": "flow error"}
        try:
            self.execute(
                BotTurn(interaction_id, (), hand_off=HandOffTo(flow.agent_queue, 0, context))
            )
        except DomainError as exc:
            log.info("chat %s could not be handed off: %s", interaction_id, exc)

    def _begin(self, interaction_id: int, flow: Flow, first_message: str, name: str) -> None:
        now = self.clock()
        context = FlowContext(customer={"name": name}, schedules=self.schedules())
        step = drive(start(flow, Channel.CHAT, context, now), self.fulfil, now)
        if step.expect is not None and step.expect.mode is InputMode.TEXT:
            later = drive(feed(step.state, TextInput(first_message), now), self.fulfil, now)
            step = _joined(step, later)
        self._settle(interaction_id, flow, step)

    def customer_said(self, interaction_id: int, text: str) -> None:
        with self._lock(interaction_id):
            found = self._running(interaction_id)
            if found is None:
                return
            flow, state = found
            now = self.clock()
            try:
                step = drive(feed(state, TextInput(text), now), self.fulfil, now)
                self._settle(interaction_id, flow, step)
            except Exception:
                self._rescue(interaction_id, flow)

    def customer_left(self, interaction_id: int) -> None:
        """Record the drop for analytics (the routing service closes the chat itself)."""
        with self._lock(interaction_id):
            found = self._running(interaction_id)
            if found is None:
                return
            flow, state = found
            step = feed(state, HungUp(), self.clock())
            self._store(interaction_id, flow, step, "abandoned")

    def _running(self, interaction_id: int) -> tuple[Flow, FlowState] | None:
        session = self.sessions.get_session(chat_key(interaction_id))
        if session is None or session.snapshot is None or session.outcome is not None:
            return None
        flow = self.flows.flow_version(session.flow_id, session.flow_version)
        if flow is None:
            return None
        state = FlowState.restore(flow, session.snapshot, self.schedules())
        return None if state.finished else (flow, state)

    def _store(self, interaction_id: int, flow: Flow, step: Step, outcome: str | None) -> None:
        session = FlowSession(
            chat_key(interaction_id),
            Channel.CHAT.value,
            flow.id,
            flow.version,
            step.state.snapshot(),
            interaction_id,
            outcome,
        )
        self.sessions.put_session(session, self.clock())
        self.events.add_events(step.events, {flow.id: flow.version})

    def _settle(self, interaction_id: int, flow: Flow, step: Step) -> None:
        turn = _turn(interaction_id, flow, step)
        match step.outcome:
            case ScheduleCallback():
                self.callbacks.add_callback(
                    step.outcome.request, context_view(step.outcome.context)
                )
        self._store(interaction_id, flow, step, _outcome_name(step))
        try:
            self.execute(turn)
        except DomainError as exc:  # the customer left meanwhile: nothing to tell them
            log.info("bot turn of chat %s not applied: %s", interaction_id, exc)


def _joined(first: Step, later: Step) -> Step:
    return Step(
        later.state,
        first.prompts + later.prompts,
        later.expect,
        later.request,
        later.outcome,
        first.events + later.events,
    )


def _outcome_name(step: Step) -> str | None:
    if step.outcome is None:
        return None
    return step.state.outcome.value if step.state.outcome else "finished"


def _turn(interaction_id: int, flow: Flow, step: Step) -> BotTurn:
    replies = tuple(p.text for p in step.prompts if p.text.strip())
    options: tuple[tuple[str, str], ...] = ()
    if step.expect is not None and step.expect.choices:
        options = tuple((c.value, c.label) for c in step.expect.choices)
    match step.outcome:
        case HandOff():
            target = HandOffTo(
                step.outcome.queue, step.outcome.priority, hand_off_view(step.outcome)
            )
            return BotTurn(interaction_id, replies, options, hand_off=target)
        case TakeVoicemail():  # no voicemail on chat: an agent reads the conversation instead
            context = context_view(step.outcome.context)
            target = HandOffTo(flow.agent_queue, 0, context)
            return BotTurn(interaction_id, replies, options, hand_off=target)
        case ScheduleCallback():
            return BotTurn(interaction_id, replies, options, finish_as="callback")
        case EndFlow():
            return BotTurn(interaction_id, replies, options, finish_as="self_service")
    return BotTurn(interaction_id, replies, options)
