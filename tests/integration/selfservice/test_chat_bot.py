"""The chat widget's bot end to end through the real HTTP API: a known question answered from
the knowledge base (contained), a card emergency handed to an agent of the intent's queue with
the context in the offer, the escape word, and the customer leaving the bot."""

from __future__ import annotations

import time
from typing import Any

import pytest

from .conftest import FLOWS, Api

CHAT_FLOW = (FLOWS / "chat_assistant.yaml").read_text(encoding="utf-8")
ARRIVAL = (
    "Cards arrive within 5 working days of ordering. If yours has not arrived after 7 days, "
    "freeze it in the app and order a new one."
)


@pytest.fixture
def chat_bot(api: Api) -> Api:
    admin = api.token("boss")
    api.upload(admin, CHAT_FLOW)
    api.publish(admin, "chat-assistant", queues=["general"])
    article = {"title": "Card arrival", "body": f"## When\n{ARRIVAL}", "audience": "public"}
    api.call("POST", "/api/v1/kb/articles", admin, 201, json=article)
    return api


def start(api: Api, message: str) -> tuple[int, dict[str, str], dict[str, Any]]:
    body = {"name": "Dana Customer", "email": "dana@example.com", "message": message}
    answer = api.call("POST", "/api/v1/chat/sessions", {}, 201, json={**body, "queue": "general"})
    return answer["session_id"], {"Authorization": f"Bearer {answer['token']}"}, answer


def transcript(api: Api, session_id: int, auth: dict[str, str]) -> dict[str, Any]:
    result: dict[str, Any] = api.call("GET", f"/api/v1/chat/sessions/{session_id}/messages", auth)
    return result


def say(api: Api, session_id: int, auth: dict[str, str], text: str) -> None:
    api.call("POST", f"/api/v1/chat/sessions/{session_id}/messages", auth, 201, json={"text": text})


def desktop_offer(api: Api, headers: dict[str, str], timeout: float = 5.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        items = api.call("GET", "/api/v1/agents/me/desktop", headers)["interactions"]
        offers = [i["offer"] for i in items if "offer" in i]
        if offers:
            return dict(offers[0])
        time.sleep(0.05)
    raise AssertionError("no offer reached the agent")


def test_a_known_question_is_answered_from_the_knowledge_base_and_contained(
    chat_bot: Api,
) -> None:
    api = chat_bot
    session_id, auth, answer = start(api, "My card still hasn't arrived, when will it come?")
    assert answer["status"] == "bot"
    chat = transcript(api, session_id, auth)
    assert chat["status"] == "bot"
    bot = [m["text"] for m in chat["messages"] if m["sender"] == "bot"]
    assert bot[0].startswith("Hi! I'm the Example Bank assistant")
    answer_text = next(text for text in bot if ARRIVAL in text)
    assert answer_text == f"When\n{ARRIVAL}"  # the article as plain text, no Markdown marks
    assert bot[-1] == "Did that answer your question?"
    say(api, session_id, auth, "yes")
    chat = transcript(api, session_id, auth)
    assert chat["messages"][-1]["text"] == "Glad I could help. Have a nice day!"
    assert chat["status"] == "ended"
    say_again = api.http.post(
        f"/api/v1/chat/sessions/{session_id}/messages", json={"text": "hi"}, headers=auth
    )
    assert say_again.status_code == 409
    stats = api.call("GET", "/api/v1/flows/chat-assistant/analytics", api.token("super"))
    assert stats["runs"]["finished"] == 1 and stats["runs"]["contained"] == 1
    assert stats["runs"]["containment_rate"] == 1.0
    nodes = {n["node"]: n for n in stats["nodes"]}
    assert nodes["answer"]["passed"] == 1 and nodes["answer"]["contained"] == 1
    assert nodes["bye"]["contained"] == 1
    assert "to_agent" not in nodes  # never visited


def test_an_urgent_intent_goes_to_its_queue_with_the_context_in_the_offer(chat_bot: Api) -> None:
    api = chat_bot
    alice = api.token("alice")
    api.call("PUT", "/api/v1/agents/me/state", alice, json={"state": "available"})
    session_id, auth, _ = start(api, "I think my card was stolen")
    offer = desktop_offer(api, alice)
    assert offer["interaction_id"] == session_id
    assert offer["queue"] == "cards"  # intent-based routing
    context = offer["flow_context"]
    assert context["intent"] == "lost_or_stolen_card"
    assert context["intent_confidence"] > 0.9
    assert context["data"]["urgent"] is True
    assert context["path"][:2] == ["greet", "ask"] and "urgent_card" in context["path"]
    assert context["flow"] == {"id": "chat-assistant", "version": 1}
    assert transcript(api, session_id, auth)["status"] == "waiting"
    accepted = api.call("POST", f"/api/v1/interactions/{session_id}/accept", alice)
    assert accepted["interaction"]["flow_context"]["intent"] == "lost_or_stolen_card"
    detail = api.call("GET", f"/api/v1/interactions/{session_id}", alice)
    assert detail["flow_context"]["skills"] == {"cards": 2}
    senders = [m["sender"] for m in detail["messages"]]
    assert senders[0] == "customer" and "bot" in senders  # the agent sees the conversation
    stats = api.call("GET", "/api/v1/flows/chat-assistant/analytics", api.token("boss"))
    assert stats["runs"]["outcomes"] == {"queued": 1}


def test_typing_agent_always_reaches_a_person(chat_bot: Api) -> None:
    api = chat_bot
    session_id, auth, _ = start(api, "What is the exchange rate for euros?")
    chat = transcript(api, session_id, auth)  # no article for it: on_missing hands off at once
    assert chat["status"] == "waiting"
    session_id, auth, _ = start(api, "hello there")
    chat = transcript(api, session_id, auth)
    assert chat["status"] == "bot"  # not understood: asked again
    texts = [m["text"] for m in chat["messages"]]
    assert texts[-2:] == [
        "Sorry, I'm not sure I understood. Could you put it another way?",
        "What can I help you with today?",
    ]
    say(api, session_id, auth, "I want a human please")
    assert transcript(api, session_id, auth)["status"] == "waiting"
    stats = api.call("GET", "/api/v1/flows/chat-assistant/analytics", api.token("boss"))
    assert stats["runs"]["contained"] == 0 and stats["runs"]["handed_off"] == 2


def test_a_customer_leaving_the_bot_is_counted_as_a_drop_where_they_were(chat_bot: Api) -> None:
    api = chat_bot
    session_id, auth, _ = start(api, "My card still hasn't arrived, when will it come?")
    api.call("POST", f"/api/v1/chat/sessions/{session_id}/end", auth)
    assert transcript(api, session_id, auth)["status"] == "ended"
    stats = api.call("GET", "/api/v1/flows/chat-assistant/analytics", api.token("boss"))
    nodes = {n["node"]: n for n in stats["nodes"]}
    assert stats["runs"]["abandoned"] == 1
    assert nodes["helped"]["dropped"] == 1


def test_a_queue_without_a_published_flow_goes_straight_to_agents(api: Api) -> None:
    session_id, auth, answer = start(api, "Hello, I need help")
    assert answer["status"] == "waiting"
    assert all(m["sender"] != "bot" for m in transcript(api, session_id, auth)["messages"])


HOURS_FLOW = """
id: after-hours
start: open
agent_queue: general
nodes:
  - id: open
    type: condition
    branches:
      - {when: {business_hours: contact_center}, next: bye}
    else: bye
  - {id: bye, type: end, text: "Goodbye."}
"""


def test_a_flow_that_cannot_start_hands_the_chat_to_agents(api: Api) -> None:
    """The flow names a schedule the server does not have: the customer is not stranded."""
    admin = api.token("boss")
    api.upload(admin, HOURS_FLOW)
    api.publish(admin, "after-hours", queues=["general"])
    session_id, auth, _ = start(api, "Hello?")
    assert transcript(api, session_id, auth)["status"] == "waiting"
    detail = api.call("GET", f"/api/v1/interactions/{session_id}", api.token("super"))
    assert detail["flow_context"]["reason"] == "flow error"
