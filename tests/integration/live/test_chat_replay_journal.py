"""A chat started on this server replays on its socket from the routing service's journal,
without reading the event log, and gets exactly what the event log holds, on a first
connection and on a resume with ``after=``; a chat the journal does not know (forgotten, or
forgotten by a rebuild of the routing state) replays from the database as before."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from frontline.adapters.db.live_reads import SqlLiveReader
from frontline.domain.channels import Channel
from frontline.service import queues
from frontline.service.access import SYSTEM
from frontline.service.live.ports import StoredEvent

ORIGINAL_EVENTS = SqlLiveReader.events


@pytest.fixture
def event_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The streams whose events were read from the database, in order."""
    streams: list[str] = []

    def counted(reader: SqlLiveReader, stream: str, after: int, limit: int) -> list[StoredEvent]:
        streams.append(stream)
        return ORIGINAL_EVENTS(reader, stream, after, limit)

    monkeypatch.setattr(SqlLiveReader, "events", counted)
    return streams


async def talked_chat(http: httpx.AsyncClient, server: Any, kit: Any) -> Any:
    """A chat with several events: the customer's message, the offer and acceptance, the
    agent's reply and the customer's answer."""
    alice = await kit.log_in(http, server, "alice")
    async with alice.socket() as desk:
        customer = await alice.accept_new_chat(desk, "Where is my parcel?")
        await alice.call(
            "POST",
            f"/api/v1/interactions/{customer.session_id}/messages",
            json={"text": "On its way"},
            expect=201,
        )
        await customer.say("Thanks")
    return customer


async def replayed(customer: Any, kit: Any, after: int | None = None) -> list[dict[str, Any]]:
    async with customer.socket(after=after) as chat:
        events: list[dict[str, Any]] = await kit.drain(chat)
        return events


def database_events(server: Any, session_id: int) -> list[dict[str, Any]]:
    """The chat's events as the event log holds them: what a database replay sends."""
    with server.container.live.read() as reader:
        events = ORIGINAL_EVENTS(reader, f"chat:{session_id}", 0, 1000)
    return [{"id": e.id, **e.payload} for e in events]


def test_a_chat_started_here_replays_from_memory_as_the_database_would(
    server: Any, kit: Any, event_reads: list[str]
) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            customer = await talked_chat(http, server, kit)
            stream = f"chat:{customer.session_id}"
            first = await replayed(customer, kit, after=0)
            resumed = await replayed(customer, kit, after=first[1]["id"])
            fresh = await replayed(customer, kit)  # no after= at all: from the start
            assert stream not in event_reads
            expected = database_events(server, customer.session_id)
            assert len(expected) >= 4
            assert [e["type"] for e in expected][:1] == ["message"]
            assert first == expected
            assert resumed == expected[2:]
            assert fresh == expected

    asyncio.run(scenario())


def test_a_chat_the_journal_does_not_know_replays_from_the_database(
    server: Any, kit: Any, event_reads: list[str]
) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            customer = await talked_chat(http, server, kit)
            server.container.live.journal.clear()
            first = await replayed(customer, kit, after=0)
            resumed = await replayed(customer, kit, after=first[0]["id"])
            assert event_reads.count(f"chat:{customer.session_id}") == 2
            expected = database_events(server, customer.session_id)
            assert first == expected
            assert resumed == expected[1:]

    asyncio.run(scenario())


def test_a_rebuild_of_the_routing_state_leaves_earlier_chats_to_the_database(
    server: Any, kit: Any, event_reads: list[str]
) -> None:
    """A queue created after start-up makes the routing service reload from the database:
    chats from before that replay from the event log, chats started after from memory."""

    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            before = await kit.start_chat(http, server, "Before the reload")
            make = server.container.uow_factory
            queues.create_queue(
                make(), SYSTEM, queues.CreateQueue("vip", frozenset({Channel.CHAT}))
            )
            after = await kit.start_chat(http, server, "On the new queue", queue="vip")
            old, new = await replayed(before, kit), await replayed(after, kit)
            assert event_reads == [f"chat:{before.session_id}"]
            assert old == database_events(server, before.session_id)
            assert new == database_events(server, after.session_id)
            assert new[0]["message"]["text"] == "On the new queue"

    asyncio.run(scenario())
