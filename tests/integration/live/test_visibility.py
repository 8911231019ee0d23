"""Who sees what: a team lead's wallboard covers its team, the wallboard socket pushes the
same document as the REST call, and an agent reads only the customers it is serving."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from websockets.asyncio.client import connect


def test_team_lead_sees_its_team_and_the_queues_it_serves(server: Any, kit: Any) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            lead = await kit.log_in(http, server, "lead")  # leads team North: alice only
            board = await lead.call("GET", "/api/v1/stats/realtime")
            assert [a["username"] for a in board["agents"]] == ["alice"]
            # alice (billing 4) can serve every queue of the seed
            assert {q["name"] for q in board["queues"]} == {"billing", "general", "support-email"}
            boss = await kit.log_in(http, server, "boss")
            everything = await boss.call("GET", "/api/v1/stats/realtime")
            assert [a["username"] for a in everything["agents"]] == ["alice", "bob", "carol"]
            bob = await kit.log_in(http, server, "bob")
            await bob.call("GET", "/api/v1/stats/realtime", expect=403)

    asyncio.run(scenario())


def test_the_wallboard_socket_pushes_changes(server: Any, kit: Any) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            supervisor = await kit.log_in(http, server, "super")
            url = f"{server.ws_base}/ws/wallboard?token={supervisor.token}"
            async with connect(url) as board:
                first = json.loads(await board.recv())
                assert first["type"] == "stats"
                general = next(q for q in first["queues"] if q["name"] == "general")
                assert general["waiting"] == 0
                await kit.start_chat(http, server)
                while True:  # the next push (at most a second later) shows the waiting chat
                    document = json.loads(await asyncio.wait_for(board.recv(), 7))
                    general = next(q for q in document["queues"] if q["name"] == "general")
                    if general["waiting"] == 1:
                        break

    asyncio.run(scenario())


def test_an_agent_reads_only_the_history_of_customers_it_serves(server: Any, kit: Any) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            bob = await kit.log_in(http, server, "bob")
            alice = await kit.log_in(http, server, "alice")
            async with bob.socket() as desk:
                earlier = await bob.accept_new_chat(desk, "an earlier question")
                await bob.call("POST", f"/api/v1/interactions/{earlier.session_id}/end")
                await bob.call(
                    "POST",
                    f"/api/v1/interactions/{earlier.session_id}/wrap-up",
                    json={"disposition": "resolved", "notes": "answered"},
                )
                again = await kit.start_chat(http, server, "me again")  # same email
                offer = await kit.next_event(desk, "offer")
                while offer["interaction_id"] != again.session_id:
                    offer = await kit.next_event(desk, "offer")
                customer_id = offer["customer"]["id"]
                history = await bob.call("GET", f"/api/v1/customers/{customer_id}/interactions")
                assert [i["id"] for i in history["interactions"]] == [
                    again.session_id,
                    earlier.session_id,
                ]
                assert history["interactions"][1]["disposition"] == "resolved"
                assert history["interactions"][1]["notes"] == "answered"
                # alice holds nothing of this customer: the record does not exist for her
                await alice.call("GET", f"/api/v1/customers/{customer_id}/interactions", expect=404)
                await alice.call("GET", f"/api/v1/interactions/{earlier.session_id}", expect=404)
                supervisor = await kit.log_in(http, server, "super")
                seen = await supervisor.call("GET", f"/api/v1/customers/{customer_id}/interactions")
                assert len(seen["interactions"]) == 2

    asyncio.run(scenario())
