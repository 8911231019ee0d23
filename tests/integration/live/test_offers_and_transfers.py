"""Offers that are declined or ignored, agents at capacity, transfers to a queue and to an
agent: each through the real API, checked on what the agents' sockets receive."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx


def test_decline_goes_to_the_next_agent_and_timeout_sets_not_ready(
    make_server: Any, kit: Any
) -> None:
    server = make_server(offer_timeout_seconds=1)

    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            bob = await kit.log_in(http, server, "bob")
            alice = await kit.log_in(http, server, "alice")
            async with bob.socket() as bob_desk, alice.socket() as alice_desk:
                await bob.ready()
                customer = await kit.start_chat(http, server)
                first = await kit.next_event(bob_desk, "offer")
                await bob.call("POST", f"/api/v1/interactions/{customer.session_id}/decline")
                revoked = await kit.next_event(bob_desk, "offer_revoked")
                assert revoked == {
                    **revoked,
                    "interaction_id": first["interaction_id"],
                    "reason": "declined",
                }
                # nobody else is ready: it waits; alice becomes ready and gets it
                await alice.ready()
                offer = await kit.next_event(alice_desk, "offer")
                assert offer["interaction_id"] == customer.session_id
                # alice ignores it: after the 1 s timeout it is revoked and she is not ready
                timed_out = await kit.next_event(alice_desk, "offer_revoked", timeout=5)
                assert timed_out["reason"] == "timeout"
                state = await kit.next_event(alice_desk, "state")
                while state["state"] != "not_ready":
                    state = await kit.next_event(alice_desk, "state")
                assert state["reason"] == "offer_timeout"
                # bob declined it once and is never offered it again while it waits
                assert not [e for e in await kit.drain(bob_desk) if e.get("type") == "offer"]
                await alice.call(
                    "POST", f"/api/v1/interactions/{customer.session_id}/accept", expect=409
                )

    asyncio.run(scenario())


def test_an_agent_takes_chats_up_to_its_capacity(server: Any, kit: Any) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            bob = await kit.log_in(http, server, "bob")  # chat capacity 3
            async with bob.socket() as desk:
                await bob.ready()
                customers = [await kit.start_chat(http, server, f"chat {n}") for n in range(4)]
                for customer in customers[:3]:
                    offer = await kit.next_event(desk, "offer")
                    assert offer["interaction_id"] == customer.session_id
                    await bob.call("POST", f"/api/v1/interactions/{offer['interaction_id']}/accept")
                assert not [e for e in await kit.drain(desk) if e.get("type") == "offer"]
                desktop = await bob.call("GET", "/api/v1/agents/me/desktop")
                assert desktop["state"] == "busy"
                assert sorted(i["id"] for i in desktop["interactions"]) == sorted(
                    c.session_id for c in customers[:3]
                )
                assert (await customers[3].transcript())["status"] == "waiting"
                # one ends: the fourth chat is offered at once, no wrap-up in between
                await bob.call("POST", f"/api/v1/interactions/{customers[0].session_id}/end")
                offer = await kit.next_event(desk, "offer")
                assert offer["interaction_id"] == customers[3].session_id

    asyncio.run(scenario())


def test_transfer_to_a_queue_and_to_an_agent(server: Any, kit: Any) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            bob = await kit.log_in(http, server, "bob")
            alice = await kit.log_in(http, server, "alice")
            carol = await kit.log_in(http, server, "carol")
            async with bob.socket() as bob_desk, alice.socket() as alice_desk:
                customer = await bob.accept_new_chat(bob_desk, "a billing question")
                await alice.ready()
                # bob has no billing skill: to the billing queue, where alice qualifies
                await bob.call(
                    "POST",
                    f"/api/v1/interactions/{customer.session_id}/transfer",
                    json={"queue": "billing"},
                )
                closed = await kit.next_event(bob_desk, "closed")
                assert closed["disposition"] == "transferred"
                offer = await kit.next_event(alice_desk, "offer")
                assert offer["interaction_id"] == customer.session_id
                assert offer["queue"] == "billing"
                await alice.call("POST", f"/api/v1/interactions/{customer.session_id}/accept")
                # bob is free again at once (nothing to wrap up after a transfer)
                bob_state = await bob.call("GET", "/api/v1/agents/me/desktop")
                assert bob_state["state"] == "available"
                # alice hands it to carol by name
                async with carol.socket() as carol_desk:
                    await carol.ready()
                    await alice.call(
                        "POST",
                        f"/api/v1/interactions/{customer.session_id}/transfer",
                        json={"agent": "carol"},
                    )
                    offer = await kit.next_event(carol_desk, "offer")
                    assert offer["interaction_id"] == customer.session_id
                    await carol.call("POST", f"/api/v1/interactions/{customer.session_id}/accept")
                await alice.call(
                    "POST",
                    f"/api/v1/interactions/{customer.session_id}/transfer",
                    json={"agent": "carol"},
                    expect=403,
                )
                await bob.call(
                    "POST",
                    f"/api/v1/interactions/{customer.session_id}/transfer",
                    json={"queue": "nowhere"},
                    expect=403,
                )
            said = await customer.say("still there?")
            interaction = await carol.call("GET", f"/api/v1/interactions/{customer.session_id}")
            assert interaction["messages"][-1] == said
            assert interaction["agent"] == "carol"

    asyncio.run(scenario())
