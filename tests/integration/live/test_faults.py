"""Faults: a reconnect that must replay exactly what was missed, a desktop that dies while
busy, a customer who leaves while being offered, and bad input of every kind."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from frontline.domain.live.messages import MAX_MESSAGE_CHARS


def test_reconnecting_with_after_replays_exactly_the_missed_events(server: Any, kit: Any) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            bob = await kit.log_in(http, server, "bob")
            async with bob.socket() as desk:
                customer = await bob.accept_new_chat(desk, "first")
                seen = await kit.drain(desk)
            last_seen = max(e["id"] for e in seen)
            # while the desktop is away: five messages and a second chat
            sent = [await customer.say(f"are you there? {n}") for n in range(5)]
            other = await kit.start_chat(http, server, "second chat")
            async with bob.socket(after=last_seen) as desk:
                replayed = await kit.drain(desk)
                ids = [e["id"] for e in replayed]
                assert ids == sorted(set(ids)) and min(ids) > last_seen  # no dup, no old
                messages = [e["message"] for e in replayed if e["type"] == "message"]
                assert messages == sent
                offers = [e["interaction_id"] for e in replayed if e["type"] == "offer"]
                assert offers == [other.session_id]
                # live events continue after the replay, once each
                live = await customer.say("now?")
                pushed = await kit.next_event(desk, "message")
                assert pushed["message"] == live and pushed["id"] > max(ids)
            # the customer side replays its own stream the same way
            async with customer.socket(after=0) as chat:
                history = await kit.drain(chat)
            texts = [e["message"]["text"] for e in history if e["type"] == "message"]
            assert texts == ["first", *(m["text"] for m in sent), "now?"]
            assert [e["status"] for e in history if e["type"] == "status"] == ["active"]

    asyncio.run(scenario())


def test_a_desktop_that_dies_while_busy_has_its_chat_requeued_after_the_grace_period(
    make_server: Any, kit: Any
) -> None:
    server = make_server(agent_grace_seconds=1)

    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            bob = await kit.log_in(http, server, "bob")
            alice = await kit.log_in(http, server, "alice")
            desk = await bob.socket()
            customer = await bob.accept_new_chat(desk, "help")
            await customer.say("one more thing")
            await desk.close()  # the browser dies
            # a reconnect within the grace period would keep it; this one never comes
            async with alice.socket() as alice_desk:
                await alice.ready()
                offer = await kit.next_event(alice_desk, "offer", timeout=6)
                assert offer["interaction_id"] == customer.session_id
                await alice.call("POST", f"/api/v1/interactions/{customer.session_id}/accept")
                interaction = await alice.call("GET", f"/api/v1/interactions/{customer.session_id}")
            assert [m["text"] for m in interaction["messages"]] == ["help", "one more thing"]
            desktop = await bob.call("GET", "/api/v1/agents/me/desktop")
            assert desktop["state"] == "not_ready" and desktop["reason"] == "connection_lost"
            assert desktop["interactions"] == []
            # the arrival time is kept: the wait counts from the customer's first message
            assert interaction["created_at"] < interaction["accepted_at"]

    asyncio.run(scenario())


def test_a_reconnect_within_the_grace_period_keeps_the_chat(make_server: Any, kit: Any) -> None:
    server = make_server(agent_grace_seconds=2)

    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            bob = await kit.log_in(http, server, "bob")
            desk = await bob.socket()
            customer = await bob.accept_new_chat(desk, "help")
            await desk.close()
            await asyncio.sleep(0.5)
            async with bob.socket(after=0):
                await asyncio.sleep(2.5)
                desktop = await bob.call("GET", "/api/v1/agents/me/desktop")
            assert desktop["state"] == "busy"
            assert [i["id"] for i in desktop["interactions"]] == [customer.session_id]

    asyncio.run(scenario())


def test_a_customer_who_leaves_mid_offer_abandons_and_the_offer_is_revoked(
    server: Any, kit: Any
) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            bob = await kit.log_in(http, server, "bob")
            async with bob.socket() as desk:
                await bob.ready()
                customer = await kit.start_chat(http, server, "hello?")
                await kit.next_event(desk, "offer")
                response = await http.post(
                    f"/api/v1/chat/sessions/{customer.session_id}/end", headers=customer.headers
                )
                assert response.json() == {"status": "ended"}
                revoked = await kit.next_event(desk, "offer_revoked")
                assert revoked["reason"] == "abandoned"
                await bob.call(
                    "POST", f"/api/v1/interactions/{customer.session_id}/accept", expect=409
                )
            await customer.say("wait, one more thing", expect=409)
            supervisor = await kit.log_in(http, server, "super")
            stats = await supervisor.call("GET", "/api/v1/stats/realtime")
            general = next(q for q in stats["queues"] if q["name"] == "general")
            assert (general["offered"], general["abandoned"], general["answered"]) == (1, 1, 0)
            assert general["abandon_rate"] == 1.0 and general["service_level"] == 0.0

    asyncio.run(scenario())


def test_bad_input_gets_a_clear_answer(server: Any, kit: Any) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            bob = await kit.log_in(http, server, "bob")
            carol = await kit.log_in(http, server, "carol")  # one chat at a time
            await carol.ready()
            mine = await kit.start_chat(http, server, "mine")
            theirs = await kit.start_chat(http, server, "theirs")
            too_long = "x" * (MAX_MESSAGE_CHARS + 1)
            await mine.say(too_long, expect=422)
            await mine.say("a\x00b", expect=422)
            await mine.say("   ", expect=422)
            start = await http.post(
                "/api/v1/chat/sessions", json={"name": "X", "message": too_long}
            )
            assert start.status_code == 422
            unknown = await http.post(
                "/api/v1/chat/sessions", json={"name": "X", "message": "hi", "queue": "nope"}
            )
            assert unknown.status_code == 422
            path = f"/api/v1/chat/sessions/{mine.session_id}/messages"
            assert (await http.get(path)).status_code == 401
            bad = {"Authorization": "Bearer not-a-token"}
            assert (await http.get(path, headers=bad)).status_code == 401
            other = await http.get(path, headers=theirs.headers)
            assert other.status_code == 403
            assert (
                await http.post(path, json={"text": "hi"}, headers=theirs.headers)
            ).status_code == 403
            # an agent may not touch a chat that is not its own
            await bob.call(
                "POST",
                f"/api/v1/interactions/{theirs.session_id}/messages",
                json={"text": "hi"},
                expect=403,
            )
            await bob.call("PUT", "/api/v1/agents/me/state", json={"state": "busy"}, expect=422)
            await bob.call("PUT", "/api/v1/agents/me/state", json={"state": "reserved"}, expect=422)
            # wrap-up with an unknown disposition
            await carol.call("POST", f"/api/v1/interactions/{mine.session_id}/accept")
            await carol.call("POST", f"/api/v1/interactions/{mine.session_id}/end")
            await carol.call(
                "POST",
                f"/api/v1/interactions/{mine.session_id}/wrap-up",
                json={"disposition": "made-up"},
                expect=422,
            )
            await mine.say("after the end", expect=409)
            await carol.call(
                "POST",
                f"/api/v1/interactions/{mine.session_id}/messages",
                json={"text": "late"},
                expect=409,
            )
            await bob.call("POST", "/api/v1/interactions/424242/accept", expect=404)
            # sockets: a bad token closes with 4401, another session's with 4403
            for url, code in (
                (f"{server.ws_base}/ws/chat/{mine.session_id}?token=nope", 4401),
                (f"{server.ws_base}/ws/chat/{mine.session_id}?token={theirs.token}", 4403),
                (f"{server.ws_base}/ws/agent?token=nope", 4401),
                (f"{server.ws_base}/ws/wallboard?token={bob.token}", 4403),
            ):
                async with connect(url) as socket:
                    with pytest.raises(ConnectionClosed) as closed:
                        await socket.recv()
                assert closed.value.rcvd is not None and closed.value.rcvd.code == code, url

    asyncio.run(scenario())


def test_public_chat_is_rate_limited(make_server: Any) -> None:
    server = make_server(chat_sessions_per_address=2, chat_messages_per_session=3)

    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            body = {"name": "Flood", "message": "hi"}
            answers = [await http.post("/api/v1/chat/sessions", json=body) for _ in range(3)]
            assert [a.status_code for a in answers] == [201, 201, 429]
            assert int(answers[2].headers["retry-after"]) >= 1
            session = answers[0].json()
            headers = {"Authorization": f"Bearer {session['token']}"}
            path = f"/api/v1/chat/sessions/{session['session_id']}/messages"
            codes = [
                (await http.post(path, json={"text": f"{n}"}, headers=headers)).status_code
                for n in range(4)
            ]
            assert codes == [201, 201, 201, 429]

    asyncio.run(scenario())


def test_customer_can_write_and_see_typing_over_the_socket(server: Any, kit: Any) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            bob = await kit.log_in(http, server, "bob")
            async with bob.socket() as desk:
                customer = await bob.accept_new_chat(desk)
                async with customer.socket() as chat:
                    await chat.send(json.dumps({"type": "typing"}))
                    typing = await kit.next_event(desk, "typing")
                    assert typing == {"type": "typing", "interaction_id": customer.session_id}
                    await chat.send(json.dumps({"type": "message", "text": "via socket"}))
                    relayed = await kit.next_event(desk, "message")
                    while relayed["message"]["text"] != "via socket":
                        relayed = await kit.next_event(desk, "message")
                    await desk.send(
                        json.dumps({"type": "typing", "interaction_id": customer.session_id})
                    )
                    agent_typing = await kit.next_event(chat, "typing")
                    assert agent_typing == {"type": "typing", "who": "agent"}

    asyncio.run(scenario())
