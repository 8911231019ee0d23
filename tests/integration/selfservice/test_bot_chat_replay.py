"""A chat that starts with the bot is born on this server too: its socket replays the
customer's message and the bot's turns from the routing service's journal, exactly as the
event log holds them, without reading the log."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from websockets.asyncio.client import connect

from frontline.adapters.db.live_reads import SqlLiveReader
from frontline.service.live.ports import StoredEvent

from .conftest import FLOWS, Api, Server

ORIGINAL_EVENTS = SqlLiveReader.events


async def replay(server: Server, session_id: int, token: str, after: int) -> list[Any]:
    """Everything the chat socket sends until it is quiet for a moment."""
    url = f"{server.ws_base}/ws/chat/{session_id}?token={token}&after={after}"
    events = []
    async with connect(url, open_timeout=5) as socket:
        while True:
            try:
                events.append(json.loads(await asyncio.wait_for(socket.recv(), 0.3)))
            except TimeoutError:
                return events


def test_a_bot_chat_replays_from_memory_as_the_database_would(
    server: Server, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = api.token("boss")
    api.upload(admin, (FLOWS / "chat_assistant.yaml").read_text(encoding="utf-8"))
    api.publish(admin, "chat-assistant", queues=["general"])
    reads: list[str] = []

    def counted(reader: SqlLiveReader, stream: str, after: int, limit: int) -> list[StoredEvent]:
        reads.append(stream)
        return ORIGINAL_EVENTS(reader, stream, after, limit)

    monkeypatch.setattr(SqlLiveReader, "events", counted)
    body = {"name": "Dana Customer", "message": "My card has not arrived", "queue": "general"}
    answer = api.call("POST", "/api/v1/chat/sessions", {}, 201, json=body)
    assert answer["status"] == "bot"
    session_id, token = answer["session_id"], answer["token"]
    first = asyncio.run(replay(server, session_id, token, 0))
    resumed = asyncio.run(replay(server, session_id, token, first[0]["id"]))
    assert reads == []
    assert server.container is not None
    with server.container.live.read() as reader:
        stored = ORIGINAL_EVENTS(reader, f"chat:{session_id}", 0, 1000)
    expected = [{"id": e.id, **e.payload} for e in stored]
    senders = [e["message"]["sender"] for e in expected if e["type"] == "message"]
    assert senders[0] == "customer" and "bot" in senders
    assert first == expected
    assert resumed == expected[1:]
