"""A restart loses nothing: waiting chats keep their place and arrival time, an accepted
chat is still with its agent, and both sides carry on where they were."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

import httpx


def test_waiting_and_active_interactions_survive_a_restart(server: Any, kit: Any) -> None:
    async def before() -> tuple[Any, Any, Any]:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            carol = await kit.log_in(http, server, "carol")  # one chat at a time
            async with carol.socket() as desk:
                active = await carol.accept_new_chat(desk, "I was first")
                await carol.call(
                    "POST",
                    f"/api/v1/interactions/{active.session_id}/messages",
                    json={"text": "Looking into it"},
                    expect=201,
                )
                waiting = [await kit.start_chat(http, server, f"in line {n}") for n in range(2)]
                desktop = await carol.call("GET", "/api/v1/agents/me/desktop")
            return active, waiting, desktop

    active, waiting, desktop_before = asyncio.run(before())
    assert desktop_before["state"] == "busy"
    server.restart()

    async def after() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            carol = await kit.log_in(http, server, "carol")
            first = replace(active, http=http)
            line = [replace(customer, http=http) for customer in waiting]
            desktop = await carol.call("GET", "/api/v1/agents/me/desktop")
            async with carol.socket(after=desktop["last_event_id"]) as desk:
                assert desktop["state"] == "busy"
                [restored] = desktop["interactions"]
                assert restored["id"] == active.session_id and restored["status"] == "active"
                assert [m["text"] for m in restored["messages"]] == [
                    "I was first",
                    "Looking into it",
                ]
                for customer in line:
                    transcript = await customer.transcript()  # tokens still work
                    assert transcript["status"] == "waiting"
                supervisor = await kit.log_in(http, server, "super")
                stats = await supervisor.call("GET", "/api/v1/stats/realtime")
                general = next(q for q in stats["queues"] if q["name"] == "general")
                assert general["waiting"] == 2
                # the wait counts from the original arrival, not from the restart
                assert general["longest_wait_s"] >= 0.1
                # the chat goes on; ending it brings the first waiting customer, in order
                said = await line[0].say("still here")
                assert said["text"] == "still here"
                await first.say("thanks")
                await carol.call("POST", f"/api/v1/interactions/{active.session_id}/end")
                await carol.call(
                    "POST",
                    f"/api/v1/interactions/{active.session_id}/wrap-up",
                    json={"disposition": "resolved", "notes": ""},
                )
                offer = await kit.next_event(desk, "offer")
                assert offer["interaction_id"] == waiting[0].session_id

    asyncio.run(after())
