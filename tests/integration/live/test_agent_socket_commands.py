"""Working a chat with command frames on the agent socket: the same commands, checks and
answers as the REST endpoints, matched to requests by ``ref``; bad frames get a clear error
frame and never close the socket; a token whose user lost the right is refused."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection


async def command(desk: ClientConnection, **frame: Any) -> dict[str, Any]:
    """Send one command frame and return the ack or error frame answering it."""
    await desk.send(json.dumps(frame))
    while True:
        event = json.loads(await asyncio.wait_for(desk.recv(), 5))
        if event.get("type") in ("ack", "error") and event.get("ref") == frame.get("ref"):
            return dict(event)


def test_chat_worked_entirely_over_the_socket(server: Any, kit: Any) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            alice = await kit.log_in(http, server, "alice")
            async with alice.socket() as desk:
                await alice.ready()
                customer = await kit.start_chat(http, server, "Where is my parcel?")
                offer = await kit.next_event(desk, "offer")
                chat_id = offer["interaction_id"]
                async with customer.socket(after=0) as chat:
                    accepted = await command(desk, type="accept", ref="a1", interaction_id=chat_id)
                    assert accepted["type"] == "ack"
                    assert accepted["result"]["interaction"]["status"] == "active"
                    reply = await command(
                        desk, type="reply", ref=2, interaction_id=chat_id, text="On its way"
                    )
                    assert reply["type"] == "ack" and reply["result"]["text"] == "On its way"
                    pushed = await kit.next_event(chat, "message")
                    while pushed["message"]["sender"] != "agent":
                        pushed = await kit.next_event(chat, "message")
                    assert pushed["message"] == reply["result"]
                    again = await command(desk, type="accept", ref=3, interaction_id=chat_id)
                    assert again["type"] == "error" and again["status"] == 409
                    ended = await command(desk, type="end", ref=4, interaction_id=chat_id)
                    assert ended["result"]["status"] == "wrap_up"
                    status = await kit.next_event(chat, "status")
                    assert status["status"] == "ended"
                state = server.container.live.service.state
                for _ in range(100):  # the widget closed after the chat: no grace to wait out
                    if f"chat:{chat_id}" not in state.connections:
                        break
                    await asyncio.sleep(0.02)
                assert f"chat:{chat_id}" not in state.connections
                assert f"chat:{chat_id}" not in state.grace
                wrapped = await command(
                    desk,
                    type="wrap_up",
                    ref=5,
                    interaction_id=chat_id,
                    disposition="resolved",
                    notes="tracking sent",
                )
                assert wrapped["result"] == {
                    "interaction_id": chat_id,
                    "status": "closed",
                    "disposition": "resolved",
                }
            detail = await alice.call("GET", f"/api/v1/interactions/{chat_id}")
            assert detail["status"] == "closed" and detail["notes"] == "tracking sent"
            assert [m["text"] for m in detail["messages"]] == ["Where is my parcel?", "On its way"]

    asyncio.run(scenario())


def test_bad_frames_get_error_frames_and_the_socket_stays_open(server: Any, kit: Any) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            alice = await kit.log_in(http, server, "alice")
            async with alice.socket() as desk:
                await alice.ready()
                cases: list[dict[str, Any]] = [
                    {"type": "reply", "ref": 1, "interaction_id": 1},  # no text
                    {"type": "reply", "ref": 2, "interaction_id": 1, "text": "x" * 100_000},
                    {"type": "accept", "ref": 3, "interaction_id": "seven"},
                    {"type": "accept", "ref": 4, "interaction_id": 0},
                    {"type": "end", "ref": 5, "interaction_id": 1, "extra": True},
                    {"type": "wrap_up", "ref": 6, "interaction_id": 1},  # no disposition
                ]
                for frame in cases:
                    answer = await command(desk, **frame)
                    assert answer["type"] == "error" and answer["status"] == 422, answer
                    assert answer["detail"], answer
                missing = await command(desk, type="accept", ref=7, interaction_id=999_999)
                assert missing["type"] == "error" and missing["status"] in (404, 409)
                not_mine = await command(desk, type="end", ref=8, interaction_id=999_999)
                assert not_mine["status"] in (403, 404)
                await desk.send("not json at all")
                await desk.send(json.dumps({"type": "something-new", "ref": 9}))
                # still served: a command after the noise is answered
                customer = await kit.start_chat(http, server, "Still there?")
                offer = await kit.next_event(desk, "offer")
                assert offer["interaction_id"] == customer.session_id
                taken = await command(
                    desk, type="accept", ref="last", interaction_id=customer.session_id
                )
                assert taken["type"] == "ack"

    asyncio.run(scenario())


def test_a_user_who_lost_the_right_is_refused_and_disconnected(server: Any, kit: Any) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            alice = await kit.log_in(http, server, "alice")
            admin = await kit.log_in(http, server, "boss")
            me = await alice.call("GET", "/api/v1/users/me")
            async with alice.socket() as desk:
                await alice.ready()
                customer = await kit.start_chat(http, server, "Hello?")
                offer = await kit.next_event(desk, "offer")
                roles = {"roles": ["qa_analyst"]}
                await admin.call("PUT", f"/api/v1/users/{me['id']}/roles", json=roles)
                forbidden = await command(
                    desk, type="accept", ref=0, interaction_id=offer["interaction_id"]
                )
                assert forbidden["type"] == "error" and forbidden["status"] == 403
                await admin.call("PATCH", f"/api/v1/users/{me['id']}", json={"is_active": False})
                refused = await command(
                    desk, type="accept", ref=1, interaction_id=offer["interaction_id"]
                )
                assert refused["type"] == "error" and refused["status"] == 401
                await asyncio.wait_for(desk.wait_closed(), 5)
                assert desk.close_code == 4401
            assert customer.session_id == offer["interaction_id"]

    asyncio.run(scenario())


def test_frames_about_one_chat_keep_their_order_without_waiting_for_answers(
    server: Any, kit: Any
) -> None:
    """Accept, reply, reply, end and wrap-up sent back to back, no answer awaited: each is
    applied after the one before it, and every one is answered."""

    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            alice = await kit.log_in(http, server, "alice")
            async with alice.socket() as desk:
                await alice.ready()
                customer = await kit.start_chat(http, server, "Quick one")
                chat_id = (await kit.next_event(desk, "offer"))["interaction_id"]
                frames: list[dict[str, Any]] = [
                    {"type": "accept", "ref": 1},
                    {"type": "reply", "ref": 2, "text": "first"},
                    {"type": "reply", "ref": 3, "text": "second"},
                    {"type": "end", "ref": 4},
                    {"type": "wrap_up", "ref": 5, "disposition": "resolved"},
                ]
                for frame in frames:
                    await desk.send(json.dumps({**frame, "interaction_id": chat_id}))
                answers: dict[int, dict[str, Any]] = {}
                while len(answers) < len(frames):
                    event = json.loads(await asyncio.wait_for(desk.recv(), 5))
                    if event.get("type") in ("ack", "error"):
                        answers[event["ref"]] = event
                assert all(a["type"] == "ack" for a in answers.values()), answers
            transcript = await customer.transcript()
            texts = [m["text"] for m in transcript["messages"]]
            assert texts == ["Quick one", "first", "second"]
            assert transcript["status"] == "ended"

    asyncio.run(scenario())
