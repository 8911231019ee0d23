"""The main path through real HTTP and real WebSockets: a customer writes, an agent takes
the chat, they talk, the agent ends and wraps up, and the wallboard counts it."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def test_full_chat_path(server: Any, kit: Any) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            alice = await kit.log_in(http, server, "alice")
            async with alice.socket() as desk:
                state = await alice.ready()
                assert state["state"] == "available"
                customer = await kit.start_chat(http, server, "My card was charged twice")
                offer = await kit.next_event(desk, "offer")
                assert offer["interaction_id"] == customer.session_id
                assert offer["customer"]["name"] == "Dana Customer"
                assert offer["first_message"] == "My card was charged twice"
                assert offer["channel"] == "chat" and offer["queue"] == "general"
                assert isinstance(offer["id"], int) and offer["expires_at"]
                async with customer.socket(after=0) as chat:
                    accepted = await alice.call(
                        "POST", f"/api/v1/interactions/{customer.session_id}/accept"
                    )
                    assert accepted["interaction"]["status"] == "active"
                    status = await kit.next_event(chat, "status")
                    while status["status"] != "active":
                        status = await kit.next_event(chat, "status")
                    assert status["agent_name"] == "Alice"
                    reply = await alice.call(
                        "POST",
                        f"/api/v1/interactions/{customer.session_id}/messages",
                        expect=201,
                        json={"text": "Sorry about that! " + XSS},
                    )
                    pushed = await kit.next_event(chat, "message")
                    while pushed["message"]["sender"] != "agent":
                        pushed = await kit.next_event(chat, "message")
                    assert pushed["message"] == reply
                    assert pushed["message"]["text"] == "Sorry about that! " + XSS
                    said = await customer.say("Thanks " + XSS)
                    relayed = await kit.next_event(desk, "message")
                    while relayed["message"]["sender"] != "customer":
                        relayed = await kit.next_event(desk, "message")
                    assert relayed["message"] == said
                    assert relayed["interaction_id"] == customer.session_id
                    await alice.call("POST", f"/api/v1/interactions/{customer.session_id}/end")
                    ended = await kit.next_event(chat, "status")
                    assert ended["status"] == "ended"
                wrap = await kit.next_event(desk, "wrap_up")
                assert wrap["interaction_id"] == customer.session_id
                assert wrap["until"] is not None  # the queue's timed after-contact work
                desktop = await alice.call("GET", "/api/v1/agents/me/desktop")
                assert desktop["state"] == "wrap_up"
                assert [i["status"] for i in desktop["interactions"]] == ["wrap_up"]
                await alice.call(
                    "POST",
                    f"/api/v1/interactions/{customer.session_id}/wrap-up",
                    json={"disposition": "resolved", "notes": "refund issued"},
                )
                closed = await kit.next_event(desk, "closed")
                assert closed["disposition"] == "resolved"
                back = await kit.next_event(desk, "state")
                while back["state"] != "available":
                    back = await kit.next_event(desk, "state")
            transcript = await customer.transcript()
            assert transcript["status"] == "ended"
            texts = [(m["sender"], m["text"]) for m in transcript["messages"]]
            assert texts == [
                ("customer", "My card was charged twice"),
                ("agent", "Sorry about that! " + XSS),
                ("customer", "Thanks " + XSS),
            ]
            supervisor = await kit.log_in(http, server, "super")
            stats = await supervisor.call("GET", "/api/v1/stats/realtime")
            general = next(q for q in stats["queues"] if q["name"] == "general")
            assert general["offered"] == 1 and general["answered"] == 1
            assert general["abandoned"] == 0 and general["waiting"] == 0
            assert general["service_level"] == 1.0 and general["abandon_rate"] == 0.0
            assert general["asa_s"] is not None and general["asa_s"] < 5
            assert general["aht_s"] is not None and general["aht_s"] > 0
            assert general["rolling_30m"]["answered"] == 1
            row = next(a for a in stats["agents"] if a["username"] == "alice")
            assert row["state"] == "available" and row["active_interactions"] == 0
            assert row["occupancy"] is not None and 0 < row["occupancy"] < 1

    asyncio.run(scenario())
