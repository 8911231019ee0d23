"""Replays of realistic carrier webhook sequences through the framework-free voice endpoints."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import datetime, timedelta

import pytest
from tests.unit.flows.fakes import (
    GOOD_ACCOUNT,
    MONDAY_3PM_NEW_YORK,
    Backends,
    contact_center_hours,
    load_example,
)

from frontline.adapters.voice.calls import InMemoryCallStore, StaticFlowDirectory
from frontline.adapters.voice.signature import compute_signature
from frontline.adapters.voice.twiml import VoiceUrls
from frontline.adapters.voice.webhooks import VoiceReply, VoiceWebhooks
from frontline.domain.flows import (
    FlowAnalytics,
    FlowEvent,
    FlowOutcome,
    HandOff,
    LookupRequest,
    Outcome,
    Request,
    RequestResult,
    ScheduleCallback,
)

TOKEN = "test-auth-token"
BASE_URL = "https://cc.example.com/voice"
URLS = VoiceUrls(
    gather=f"{BASE_URL}/gather",
    no_input=f"{BASE_URL}/gather?silence=1",
    recording=f"{BASE_URL}/recording",
    wait=f"{BASE_URL}/hold",
)
BANK_NUMBER = "+18005550199"
CALL = "CA5f3e6a1b2c3d4e5f6a7b8c9d0e1f2a3b"
CALLER = "+14155550100"


class Clock:
    def __init__(self) -> None:
        self.now = MONDAY_3PM_NEW_YORK

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=5)
        return self.now


class Carrier:
    """Plays the carrier: builds signed forms like a real programmable-voice platform."""

    def __init__(self, webhooks: VoiceWebhooks, call_sid: str = CALL) -> None:
        self.webhooks = webhooks
        self.call_sid = call_sid

    def form(self, status: str, **extra: str) -> dict[str, str]:
        return {
            "AccountSid": "AC0123456789abcdef0123456789abcdef",
            "ApiVersion": "2010-04-01",
            "CallSid": self.call_sid,
            "CallStatus": status,
            "Called": BANK_NUMBER,
            "Caller": CALLER,
            "Direction": "inbound",
            "From": CALLER,
            "FromCountry": "US",
            "To": BANK_NUMBER,
            "ToCountry": "US",
            **extra,
        }

    def post(self, endpoint: str, form: dict[str, str], url: str | None = None) -> VoiceReply:
        url = url or f"{BASE_URL}/{endpoint}"
        signature = compute_signature(TOKEN, url, form)
        return getattr(self.webhooks, endpoint)(url, form, signature)  # type: ignore[no-any-return]

    def incoming(self) -> ET.Element:
        return twiml(self.post("incoming", self.form("ringing")))

    def press(self, digits: str) -> ET.Element:
        return twiml(self.post("gather", self.form("in-progress", Digits=digits, FinishedOnKey="")))

    def say(self, speech: str) -> ET.Element:
        return twiml(
            self.post("gather", self.form("in-progress", SpeechResult=speech, Confidence="0.91"))
        )

    def silence(self) -> ET.Element:
        return twiml(self.post("gather", self.form("in-progress"), url=URLS.no_input))

    def status(self, status: str, **extra: str) -> VoiceReply:
        return self.post("status", self.form(status, **extra))


def twiml(reply: VoiceReply) -> ET.Element:
    assert reply.status == 200, reply.body
    assert reply.media_type == "application/xml"
    return ET.fromstring(reply.body.split("?>", 1)[1])  # noqa: S314 - our own output


def spoken(root: ET.Element) -> list[str]:
    return [say.text or "" for say in root.iter("Say")]


class Harness:
    def __init__(self, backends: Backends | None = None) -> None:
        self.backends = backends or Backends(wait_seconds=0)
        self.analytics = FlowAnalytics()
        self.outcomes: list[tuple[str, Outcome]] = []
        self.store = InMemoryCallStore()
        self.webhooks = VoiceWebhooks(
            auth_token=TOKEN,
            urls=URLS,
            flows=StaticFlowDirectory({BANK_NUMBER: load_example("bank_ivr.yaml")}),
            store=self.store,
            fulfil=self.fulfil,
            clock=Clock(),
            schedules={"contact_center": contact_center_hours()},
            on_events=self.events,
            on_outcome=lambda sid, o: self.outcomes.append((sid, o)),
        )
        self.carrier = Carrier(self.webhooks)

    def fulfil(self, request: Request) -> RequestResult:
        return self.backends(request)

    def events(self, call_sid: str, events: Sequence[FlowEvent]) -> None:
        self.analytics.record_all(events)


def test_balance_call_from_ring_to_completed() -> None:
    h = Harness()
    c = h.carrier
    first = c.incoming()
    assert spoken(first)[0] == "Welcome to Example Bank."
    assert spoken(c.press("1"))[0] == "Main menu."
    account = c.press("1")
    gather = account.find("Gather")
    assert gather is not None and gather.get("numDigits") == "8"
    balance = c.press(GOOD_ACCOUNT)
    assert spoken(balance)[0] == "Your available balance is 1520.50 dollars."
    goodbye = c.press("2")
    assert [el.tag for el in goodbye] == ["Say", "Hangup"]
    assert c.status("completed", CallDuration="74").status == 200
    record = h.store.get(CALL)
    assert record is not None and record.status is not None
    assert record.status.value == "completed"
    assert h.analytics.flow("bank-ivr").outcomes == {FlowOutcome.CONTAINED: 1}
    assert [r for r in h.backends.requests if isinstance(r, LookupRequest)]


def test_intent_call_is_enqueued_then_bridged_to_the_agent_client() -> None:
    h = Harness()
    c = h.carrier
    c.incoming()
    c.press("1")
    c.press("2")
    queued = c.say("I think my card was stolen")
    enqueue = queued.find("Enqueue")
    assert enqueue is not None and enqueue.text == "cards"
    [(sid, outcome)] = h.outcomes
    assert sid == CALL and isinstance(outcome, HandOff)
    assert outcome.context.intent == "lost_or_stolen_card"
    bridge = h.webhooks.connect_agent(CALL, "agent-42")
    client = twiml(bridge).find("Dial/Client")
    assert client is not None and client.text == "agent-42"
    assert c.status("completed", CallDuration="310").status == 200
    assert h.webhooks.connect_agent(CALL, "agent-43").status == 409


def test_silence_redirect_reprompts_and_hang_up_mid_flow_is_a_drop() -> None:
    h = Harness()
    c = h.carrier
    c.incoming()
    again = c.silence()
    assert spoken(again)[0] == "Sorry, I didn't hear anything."
    assert c.status("completed", CallDuration="12").status == 200
    stats = h.analytics.flow("bank-ivr")
    assert stats.abandoned == 1 and stats.node("language").dropped == 1
    assert c.post("gather", c.form("in-progress", Digits="1")).status == 409


def test_long_wait_books_a_callback_and_hangs_up() -> None:
    h = Harness(Backends(wait_seconds=900))
    c = h.carrier
    c.incoming()
    c.press("1")
    c.press("2")
    offer = c.say("what is the exchange rate")
    assert spoken(offer)[0] == "All our agents are busy; the expected wait is about 15 minutes."
    booked = c.press("1")
    assert [el.tag for el in booked] == ["Say", "Hangup"]
    [(_, outcome)] = h.outcomes
    assert isinstance(outcome, ScheduleCallback) and outcome.request.number == CALLER


def test_failing_backend_takes_the_fallback_instead_of_dropping_the_call() -> None:
    h = Harness()

    def broken(request: Request) -> RequestResult:
        if isinstance(request, LookupRequest):
            raise TimeoutError("core banking did not answer")
        return h.backends(request)

    h.webhooks.fulfil = broken
    c = h.carrier
    c.incoming()
    c.press("1")
    c.press("1")
    after = c.press(GOOD_ACCOUNT)
    assert spoken(after)[0] == "Sorry, balances are not available right now."


def test_unsigned_and_badly_signed_requests_are_refused() -> None:
    h = Harness()
    form = h.carrier.form("ringing")
    url = f"{BASE_URL}/incoming"
    assert h.webhooks.incoming(url, form, None).status == 403
    assert h.webhooks.incoming(url, form, "AAAA").status == 403
    signed_elsewhere = compute_signature(TOKEN, f"{BASE_URL}/gather", form)
    assert h.webhooks.incoming(url, form, signed_elsewhere).status == 403
    assert h.store.get(CALL) is None


@pytest.mark.parametrize(
    ("endpoint", "drop", "status"),
    [("incoming", "To", 400), ("gather", "CallSid", 400), ("status", "CallStatus", 400)],
)
def test_missing_fields_are_4xx(endpoint: str, drop: str, status: int) -> None:
    h = Harness()
    form = {k: v for k, v in h.carrier.form("ringing").items() if k != drop}
    reply = h.carrier.post(endpoint, form)
    assert reply.status == status and drop in reply.body


def test_unknown_number_call_and_contradicting_status() -> None:
    h = Harness()
    c = h.carrier
    assert c.post("incoming", {**c.form("ringing"), "To": "+18005550100"}).status == 404
    assert c.post("gather", c.form("in-progress")).status == 404  # no such call yet
    c.incoming()
    assert c.post("incoming", c.form("ringing")).status == 409
    c.status("in-progress")
    conflict = c.status("busy")
    assert conflict.status == 409 and "answered" in conflict.body
    assert (
        c.post(
            "recording",
            {
                **c.form("completed"),
                "RecordingUrl": "https://r.example/RE1",
                "RecordingDuration": "9",
            },
        ).status
        == 200
    )
    record = h.store.get(CALL)
    assert record is not None and record.recording_url == "https://r.example/RE1"
