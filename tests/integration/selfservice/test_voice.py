"""Voice over signed TwiML webhooks through the real HTTP app: realistic carrier sequences
(incoming, keys, speech, enqueue, hold, bridge to the agent, completed), refused requests,
a caller hanging up in the menu, and a keep-my-place callback released to an agent."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any

import pytest

from .conftest import PUBLIC_URL, Api

NUMBER = "+14155550100"
CALLER = "+14155550123"
VOICE_FLOW = """
id: support-line
version: 1
name: Support line
start: menu
agent_queue: general
intents:
  lost_or_stolen_card: {label: a lost or stolen card, queue: cards, priority: 50}
nodes:
  - id: menu
    type: menu
    text: "Welcome to Example Bank."
    options:
      - {key: "1", label: card questions, next: ask}
      - {key: "2", label: opening hours, next: hours}
      - {key: "3", label: a call back, next: offer}
  - id: hours
    type: end
    text: "We are open around the clock. Goodbye."
  - id: ask
    type: intent
    text: "In a few words, what is your card question?"
    next: to_agent
  - id: offer
    type: callback
    queue: general
    threshold: 60
    text: "The wait is about {wait_minutes} minutes."
    next: to_agent
  - id: to_agent
    type: queue
    queue: general
    route_by_intent: true
"""


def form(call_sid: str, status: str = "in-progress", **extra: str) -> dict[str, str]:
    return {"CallSid": call_sid, "From": CALLER, "To": NUMBER, "CallStatus": status, **extra}


def twiml(response: Any) -> ET.Element:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/xml")
    return ET.fromstring(response.text)  # noqa: S314 - our own server's TwiML


@pytest.fixture
def voice(api: Api) -> Api:
    admin = api.token("boss")
    api.upload(admin, VOICE_FLOW)
    api.publish(admin, "support-line", numbers=[NUMBER])
    return api


def voice_offer(api: Api, headers: dict[str, str], timeout: float = 5.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        items = api.call("GET", "/api/v1/agents/me/desktop", headers)["interactions"]
        found = [i["offer"] for i in items if "offer" in i and i["channel"] == "voice"]
        if found:
            return dict(found[0])
        time.sleep(0.05)
    raise AssertionError("no voice offer reached the agent")


def test_a_call_is_routed_by_intent_bridged_to_the_agent_and_wrapped_up(voice: Api) -> None:
    api = voice
    alice = api.token("alice")
    api.call("PUT", "/api/v1/agents/me/state", alice, json={"state": "available"})
    sid = "CA0000000000000000000000000000a001"
    menu = twiml(api.voice("/voice/incoming", form(sid, "ringing")))
    gather = menu.find("Gather")
    assert gather is not None and gather.get("action") == f"{PUBLIC_URL}/voice/gather"
    spoken = [say.text for say in gather.iter("Say")]
    assert spoken[0] == "Welcome to Example Bank."
    assert "Press 1 for card questions." in spoken
    question = twiml(api.voice("/voice/gather", form(sid, Digits="1")))
    asked = question.find("Gather")
    assert asked is not None and asked.get("input") == "speech"
    said = form(sid, SpeechResult="I think my card was stolen", Confidence="0.92")
    queued = twiml(api.voice("/voice/gather", said))
    enqueue = queued.find("Enqueue")
    assert enqueue is not None and enqueue.text == "cards"
    assert enqueue.get("waitUrl") == f"{PUBLIC_URL}/voice/wait"
    offer = voice_offer(api, alice)
    assert (offer["channel"], offer["queue"]) == ("voice", "cards")
    assert offer["flow_context"]["intent"] == "lost_or_stolen_card"
    assert offer["flow_context"]["path"] == ["menu", "ask", "to_agent"]
    assert offer["customer"]["name"] == CALLER
    hold = twiml(api.voice("/voice/wait", form(sid)))
    assert hold.find("Dial") is None and hold.find("Redirect") is not None
    interaction_id = offer["interaction_id"]
    api.call("POST", f"/api/v1/interactions/{interaction_id}/accept", alice)
    bridge = twiml(api.voice("/voice/wait", form(sid)))
    client = bridge.find("Dial/Client")
    assert client is not None and client.text == "alice"
    done = api.voice("/voice/status", form(sid, "completed", CallDuration="95"))
    assert done.status_code == 200
    detail = api.call("GET", f"/api/v1/interactions/{interaction_id}", alice)
    assert (detail["status"], detail["ended_by"]) == ("wrap_up", "customer")
    repeat = api.voice("/voice/status", form(sid, "completed", CallDuration="95"))
    assert repeat.status_code == 200  # carriers retry: a repeat is harmless
    stats = api.call("GET", "/api/v1/flows/support-line/analytics", api.token("super"))
    assert stats["runs"]["outcomes"] == {"queued": 1}
    assert {n["node"]: n["passed"] for n in stats["nodes"]}["menu"] == 1


def test_unsigned_forged_and_incomplete_webhooks_are_refused(voice: Api) -> None:
    api = voice
    sid = "CA0000000000000000000000000000b001"
    assert api.voice("/voice/incoming", form(sid, "ringing"), sign=False).status_code == 403
    forged = api.http.post(
        "/voice/incoming", data=form(sid, "ringing"), headers={"X-Twilio-Signature": "AAAA"}
    )
    assert forged.status_code == 403
    missing = form(sid, "ringing")
    del missing["To"]
    response = api.voice("/voice/incoming", missing)
    assert response.status_code == 400 and "To" in response.text
    unknown = dict(form(sid, "ringing"), To="+14155559999")
    assert api.voice("/voice/incoming", unknown).status_code == 404
    assert api.voice("/voice/gather", form("CA0000000000000000000000000000dead")).status_code == 404
    assert api.voice("/voice/wait", form(sid), sign=False).status_code == 403


def test_a_caller_hanging_up_in_the_menu_is_a_drop_there(voice: Api) -> None:
    api = voice
    sid = "CA0000000000000000000000000000c001"
    twiml(api.voice("/voice/incoming", form(sid, "ringing")))
    assert api.voice("/voice/status", form(sid, "completed")).status_code == 200
    stats = api.call("GET", "/api/v1/flows/support-line/analytics", api.token("boss"))
    assert stats["runs"]["abandoned"] == 1
    assert {n["node"]: n["dropped"] for n in stats["nodes"]}["menu"] == 1


def test_a_caller_who_hangs_up_before_an_agent_answers_abandons_the_interaction(
    voice: Api,
) -> None:
    api = voice
    sid = "CA0000000000000000000000000000d001"
    twiml(api.voice("/voice/incoming", form(sid, "ringing")))
    twiml(api.voice("/voice/gather", form(sid, Digits="1")))
    twiml(api.voice("/voice/gather", form(sid, SpeechResult="my card was stolen")))
    supervisor = api.token("super")
    waiting = api.call("GET", "/api/v1/stats/realtime", supervisor)
    assert {q["name"]: q["waiting"] for q in waiting["queues"]}["cards"] == 1
    api.voice("/voice/status", form(sid, "completed"))
    after = api.call("GET", "/api/v1/stats/realtime", supervisor)
    assert {q["name"]: q["waiting"] for q in after["queues"]}["cards"] == 0


def test_keep_my_place_books_a_callback_that_reaches_an_agent(voice: Api) -> None:
    api = voice
    body = {"name": "Early Bird", "email": "early@example.com", "message": "hi"}
    api.call("POST", "/api/v1/chat/sessions", {}, 201, json={**body, "queue": "general"})
    sid = "CA0000000000000000000000000000e001"
    twiml(api.voice("/voice/incoming", form(sid, "ringing")))
    offer = twiml(api.voice("/voice/gather", form(sid, Digits="3")))
    spoken = " ".join(say.text or "" for say in offer.iter("Say"))
    assert "The wait is about 5 minutes." in spoken  # 1 waiting x 300 s AHT / 1
    booked_at = time.time()
    booked = twiml(api.voice("/voice/gather", form(sid, Digits="1")))
    assert booked.find("Hangup") is not None
    alice, bob = api.token("alice"), api.token("bob")
    api.call("PUT", "/api/v1/agents/me/state", alice, json={"state": "available"})
    first = api.call("GET", "/api/v1/agents/me/desktop", alice)["interactions"]
    assert [i["channel"] for i in first] == ["chat"]  # the chat came first: it is served first
    api.call("PUT", "/api/v1/agents/me/state", bob, json={"state": "available"})
    callback = voice_offer(api, bob, 10)
    assert callback["subject"] == f"Callback to {CALLER}"
    assert callback["flow_context"]["callback"]["number"] == CALLER
    assert callback["flow_context"]["callback"]["mode"] == "keep_place"
    supervisor = api.token("super")
    detail = api.call("GET", f"/api/v1/interactions/{callback['interaction_id']}", supervisor)
    created = datetime.fromisoformat(detail["created_at"].replace("Z", "+00:00")).timestamp()
    assert created <= booked_at + 0.5  # ordered by when the caller would have joined the queue
    stats = api.call("GET", "/api/v1/flows/support-line/analytics", api.token("boss"))
    assert stats["runs"]["outcomes"] == {"callback": 1}
