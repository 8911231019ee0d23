"""The voice webhook endpoints without a web framework: verify, parse, run the flow, answer TwiML.

The HTTP layer passes the full URL the carrier called, the decoded form and the signature
header, and sends back the `VoiceReply`. Status codes: 403 for an unsigned or wrongly signed
request, 400 for missing or malformed fields, 404 for an unknown number or call, 409 for a
report that contradicts the call's state. Requests the flow makes on the way (lookups, the
intent bot, articles, wait estimates) are fulfilled by the ``fulfil`` function the composition
root provides; a fulfiller that raises counts as a failed lookup, never as a dropped call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from frontline.adapters.voice.call_lifecycle import CallStatusConflict, advance
from frontline.adapters.voice.calls import CallRecord, CallStore, FlowDirectory
from frontline.adapters.voice.signature import is_valid_signature
from frontline.adapters.voice.twiml import (
    VoiceUrls,
    render_connect_to_agent,
    render_empty,
    render_step,
)
from frontline.adapters.voice.webhook_forms import (
    WebhookFormError,
    parse_call,
    parse_gather,
    parse_recording,
    parse_status,
)
from frontline.domain.bot_policy import BotAction, BotDecision, IntentPrediction
from frontline.domain.callbacks import OpeningSchedule
from frontline.domain.channels import Channel
from frontline.domain.flows import (
    ArticleRequest,
    ArticleResult,
    FlowContext,
    FlowEvent,
    FlowState,
    HungUp,
    IntentRequest,
    IntentResult,
    LookupRequest,
    LookupResult,
    LookupStatus,
    Outcome,
    Request,
    RequestResult,
    Step,
    WaitEstimate,
    WaitEstimateRequest,
    drive,
    feed,
    start,
)

SIGNATURE_HEADER = "X-Twilio-Signature"


@dataclass(frozen=True, slots=True)
class VoiceReply:
    status: int
    body: str
    media_type: str = "application/xml"


def _problem(status: int, message: str) -> VoiceReply:
    return VoiceReply(status, message, "text/plain")


class VoiceWebhooks:
    """Handles incoming-call, gather, status and recording webhooks for every number."""

    def __init__(
        self,
        *,
        auth_token: str,
        urls: VoiceUrls,
        flows: FlowDirectory,
        store: CallStore,
        fulfil: Callable[[Request], RequestResult],
        clock: Callable[[], datetime],
        schedules: Mapping[str, OpeningSchedule] | None = None,
        customer_for: Callable[[str | None], Mapping[str, object]] | None = None,
        on_events: Callable[[str, Sequence[FlowEvent]], None] | None = None,
        on_outcome: Callable[[str, Outcome], None] | None = None,
        voice: str | None = None,
    ) -> None:
        self.auth_token = auth_token
        self.urls = urls
        self.flows = flows
        self.store = store
        self.fulfil = fulfil
        self.clock = clock
        self.schedules = dict(schedules or {})
        self.customer_for = customer_for or (lambda _caller: {})
        self.on_events = on_events
        self.on_outcome = on_outcome
        self.voice = voice

    def incoming(self, url: str, form: Mapping[str, str], signature: str | None) -> VoiceReply:
        """``POST /voice/incoming``: a new call; start the number's flow."""
        if not is_valid_signature(self.auth_token, url, form, signature):
            return _problem(403, "missing or invalid webhook signature")
        try:
            call = parse_call(form)
        except WebhookFormError as exc:
            return _problem(400, str(exc))
        if self.store.get(call.call_sid) is not None:
            return _problem(409, f"call {call.call_sid} has already started")
        flow = self.flows.flow_for_number(call.called)
        if flow is None:
            return _problem(404, f"no flow answers {call.called}")
        record = CallRecord(
            call.call_sid,
            call.caller,
            call.called,
            flow.id,
            flow.version,
            status=call.status,
            history=[call.status],
        )
        context = FlowContext(
            caller=call.caller, customer=self.customer_for(call.caller), schedules=self.schedules
        )
        now = self.clock()
        return self._answer(record, start(flow, Channel.VOICE, context, now), now)

    def gather(self, url: str, form: Mapping[str, str], signature: str | None) -> VoiceReply:
        """``POST /voice/gather``: keys or speech (or silence, via the redirect) for the flow."""
        if not is_valid_signature(self.auth_token, url, form, signature):
            return _problem(403, "missing or invalid webhook signature")
        try:
            result = parse_gather(form)
        except WebhookFormError as exc:
            return _problem(400, str(exc))
        record = self.store.get(result.call.call_sid)
        if record is None:
            return _problem(404, f"unknown call {result.call.call_sid}")
        state = self._state(record)
        if state is None or state.finished:
            return _problem(409, f"call {record.call_sid} is not in a flow")
        now = self.clock()
        return self._answer(record, feed(state, result.as_input(), now), now)

    def status(self, url: str, form: Mapping[str, str], signature: str | None) -> VoiceReply:
        """Status callback: track the call; a caller hanging up mid-flow is a drop."""
        if not is_valid_signature(self.auth_token, url, form, signature):
            return _problem(403, "missing or invalid webhook signature")
        try:
            update = parse_status(form)
        except WebhookFormError as exc:
            return _problem(400, str(exc))
        record = self.store.get(update.call.call_sid)
        if record is None:
            return _problem(404, f"unknown call {update.call.call_sid}")
        try:
            record.status = advance(record.status, update.call.status)
        except CallStatusConflict as exc:
            return _problem(409, str(exc))
        record.history.append(update.call.status)
        state = self._state(record)
        if record.status.is_final and state is not None and not state.finished:
            now = self.clock()
            self._settle(record, feed(state, HungUp(), now))
        self.store.put(record)
        return VoiceReply(200, render_empty())

    def recording(self, url: str, form: Mapping[str, str], signature: str | None) -> VoiceReply:
        """Recording callback after voicemail: keep the recording's address with the call."""
        if not is_valid_signature(self.auth_token, url, form, signature):
            return _problem(403, "missing or invalid webhook signature")
        try:
            result = parse_recording(form)
        except WebhookFormError as exc:
            return _problem(400, str(exc))
        record = self.store.get(result.call.call_sid)
        if record is None:
            return _problem(404, f"unknown call {result.call.call_sid}")
        record.recording_url = result.recording_url
        self.store.put(record)
        return VoiceReply(200, render_empty())

    def connect_agent(self, call_sid: str, client_identity: str) -> VoiceReply:
        """TwiML that moves a queued call to the agent who accepted its offer."""
        record = self.store.get(call_sid)
        if record is None:
            return _problem(404, f"unknown call {call_sid}")
        if record.status is not None and record.status.is_final:
            return _problem(409, f"call {call_sid} has ended")
        record.agent = client_identity
        self.store.put(record)
        return VoiceReply(200, render_connect_to_agent(client_identity))

    def _state(self, record: CallRecord) -> FlowState | None:
        if record.snapshot is None:
            return None
        flow = self.flows.flow_version(record.flow_id, record.flow_version)
        if flow is None:
            return None
        return FlowState.restore(flow, record.snapshot, self.schedules)

    def _safe_fulfil(self, request: Request) -> RequestResult:
        """Fulfil a request; a failing dependency degrades the flow instead of dropping the call."""
        try:
            return self.fulfil(request)
        except Exception:
            match request:
                case LookupRequest():
                    return LookupResult(LookupStatus.FAILED)
                case IntentRequest():
                    return IntentResult(
                        IntentPrediction("unknown", 0.0), BotDecision(BotAction.HAND_OFF, ())
                    )
                case ArticleRequest():
                    return ArticleResult(found=False)
                case WaitEstimateRequest():
                    return WaitEstimate(0.0)

    def _answer(self, record: CallRecord, step: Step, now: datetime) -> VoiceReply:
        step = drive(step, self._safe_fulfil, now)
        self._settle(record, step)
        self.store.put(record)
        return VoiceReply(200, render_step(step, self.urls, voice=self.voice))

    def _settle(self, record: CallRecord, step: Step) -> None:
        record.snapshot = step.state.snapshot()
        if self.on_events is not None and step.events:
            self.on_events(record.call_sid, step.events)
        if step.outcome is not None:
            record.outcome = step.outcome
            if self.on_outcome is not None:
                self.on_outcome(record.call_sid, step.outcome)
