"""Voice in the live platform: the TwiML webhooks connected to stored flows, live routing and
callbacks.

`VoiceWebhooks` (the framework-free handler) runs the flow and answers TwiML; this gateway adds
what happens around it. A hand-off becomes a voice interaction in its queue (with the flow's
context for the agent's screen-pop), and the caller waits on the queue's wait URL, which bridges
the call to the agent's client (``<Dial><Client>username</Client></Dial>``) once an agent
accepted the offer. Final status callbacks end the interaction (completed: the agent wraps up;
unanswered or gone before an agent: abandoned). Flow events are stored for analytics, and
booked callbacks are stored for release when due.
"""

from __future__ import annotations

import logging
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from frontline.adapters.db.repositories.flows_runs import SqlCallStore
from frontline.adapters.voice.signature import is_valid_signature
from frontline.adapters.voice.twiml import DECLARATION, VoiceUrls
from frontline.adapters.voice.webhook_forms import WebhookFormError, parse_call
from frontline.adapters.voice.webhooks import VoiceReply, VoiceWebhooks
from frontline.domain.callbacks import OpeningSchedule
from frontline.domain.flows import (
    FlowEvent,
    HandOff,
    Outcome,
    Request,
    RequestResult,
    ScheduleCallback,
)
from frontline.domain.org.errors import DomainError
from frontline.service.selfservice.flow_cache import FlowCache
from frontline.service.selfservice.live_commands import StartVoiceCall, VoiceCallEnded
from frontline.service.selfservice.outcomes import context_view, hand_off_view
from frontline.service.selfservice.ports import CallbackStore, FlowEventLog

log = logging.getLogger(__name__)
HOLD_SECONDS = 10


class VoiceGateway:
    def __init__(
        self,
        *,
        auth_token: str,
        public_url: str,
        flows: FlowCache,
        calls: SqlCallStore,
        events: FlowEventLog,
        callbacks: CallbackStore,
        fulfil: Callable[[Request], RequestResult],
        execute: Callable[[Any], Any],
        agent_of: Callable[[int], str | None],
        clock: Callable[[], datetime],
        schedules: Callable[[], Mapping[str, OpeningSchedule]] = dict,
        customer_for: Callable[[str | None], Mapping[str, object]] | None = None,
    ) -> None:
        self.auth_token = auth_token
        self.public_url = public_url.rstrip("/")
        self.flows = flows
        self.calls = calls
        self.events = events
        self.callbacks = callbacks
        self.execute = execute
        self.agent_of = agent_of
        self.wait_url = self.public_url + "/voice/wait"
        self._pending = threading.local()
        self.webhooks = VoiceWebhooks(
            auth_token=auth_token,
            urls=VoiceUrls(
                gather=self.public_url + "/voice/gather",
                no_input=self.public_url + "/voice/gather",
                recording=self.public_url + "/voice/recording",
                wait=self.wait_url,
            ),
            flows=flows,
            store=calls,
            fulfil=fulfil,
            clock=clock,
            schedules=schedules(),
            customer_for=customer_for,
            on_events=self._collect_events,
            on_outcome=self._collect_outcome,
        )

    def url(self, path: str, query: str = "") -> str:
        """The full URL the carrier called (and signed), from the configured public base."""
        return self.public_url + path + (f"?{query}" if query else "")

    # ---------------------------------------------------------------- webhooks
    def incoming(self, url: str, form: Mapping[str, str], signature: str | None) -> VoiceReply:
        return self._around(form, lambda: self.webhooks.incoming(url, form, signature))

    def gather(self, url: str, form: Mapping[str, str], signature: str | None) -> VoiceReply:
        return self._around(form, lambda: self.webhooks.gather(url, form, signature))

    def recording(self, url: str, form: Mapping[str, str], signature: str | None) -> VoiceReply:
        return self.webhooks.recording(url, form, signature)

    def status(self, url: str, form: Mapping[str, str], signature: str | None) -> VoiceReply:
        reply = self._around(form, lambda: self.webhooks.status(url, form, signature))
        if reply.status != 200:
            return reply
        call_sid = form.get("CallSid", "")
        record = self.calls.get(call_sid)
        interaction_id = self.calls.interaction_of(call_sid)
        final = record is not None and record.status is not None and record.status.is_final
        if final and interaction_id is not None:
            self._execute(VoiceCallEnded(interaction_id))
        return reply

    def wait(self, url: str, form: Mapping[str, str], signature: str | None) -> VoiceReply:
        """The queue's wait URL: hold, or bridge to the agent who accepted the offer."""
        if not is_valid_signature(self.auth_token, url, form, signature):
            return VoiceReply(403, "missing or invalid webhook signature", "text/plain")
        try:
            call = parse_call(form)
        except WebhookFormError as exc:
            return VoiceReply(400, str(exc), "text/plain")
        interaction_id = self.calls.interaction_of(call.call_sid)
        if self.calls.get(call.call_sid) is None or interaction_id is None:
            return VoiceReply(
                404, f"call {call.call_sid} is not waiting for an agent", "text/plain"
            )
        agent = self.agent_of(interaction_id)
        if agent is not None:
            return self.webhooks.connect_agent(call.call_sid, agent)
        return VoiceReply(200, _hold(self.wait_url))

    # ---------------------------------------------------- after the flow's turn
    def _collect_events(self, call_sid: str, events: Sequence[FlowEvent]) -> None:
        self._pending.events = [*getattr(self._pending, "events", []), *events]

    def _collect_outcome(self, call_sid: str, outcome: Outcome) -> None:
        self._pending.outcome = outcome

    def _around(self, form: Mapping[str, str], handle: Callable[[], VoiceReply]) -> VoiceReply:
        """Run a webhook, then act on what the flow did once its call record is stored."""
        self._pending.events, self._pending.outcome = [], None
        try:
            reply = handle()
            events, outcome = self._pending.events, self._pending.outcome
        finally:
            self._pending.events, self._pending.outcome = [], None
        call_sid = form.get("CallSid", "")
        record = self.calls.get(call_sid) if (events or outcome) else None
        if record is None:
            return reply
        self.events.add_events(events, {record.flow_id: record.flow_version})
        match outcome:
            case HandOff():
                answer = self._execute(
                    StartVoiceCall(
                        record.caller,
                        outcome.queue,
                        outcome.priority,
                        hand_off_view(outcome),
                        subject=f"Call from {record.caller or 'a withheld number'}",
                        fallback_queue=self._agent_queue(record.flow_id, record.flow_version),
                    )
                )
                if isinstance(answer, dict) and "interaction_id" in answer:
                    self.calls.link_interaction(call_sid, int(answer["interaction_id"]))
            case ScheduleCallback():
                self.callbacks.add_callback(outcome.request, context_view(outcome.context))
        return reply

    def _agent_queue(self, flow_id: str, version: int) -> str | None:
        flow = self.flows.flow_version(flow_id, version)
        return flow.agent_queue if flow is not None else None

    def _execute(self, command: Any) -> Any:
        try:
            return self.execute(command)
        except DomainError as exc:
            log.warning("voice: %s was refused: %s", type(command).__name__, exc)
            return None


def _hold(wait_url: str) -> str:
    root = ET.Element("Response")
    ET.SubElement(root, "Say").text = "Thank you for holding. An agent will be with you shortly."
    ET.SubElement(root, "Pause").set("length", str(HOLD_SECONDS))
    redirect = ET.SubElement(root, "Redirect")
    redirect.set("method", "POST")
    redirect.text = wait_url
    return DECLARATION + ET.tostring(root, encoding="unicode")
