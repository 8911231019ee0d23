"""Replay-then-follow: how every gateway delivers a stream without losing or doubling events.

The socket subscribes to the live stream *first*, then replays the stored events after the
client's ``after`` id, then forwards live events, skipping any id it already sent. An event
committed during the replay is therefore either in the replay or in the subscription (or
both, and then sent once). Events without an id (typing) are ephemeral and only forwarded.
The replay of a chat started on this server comes from the routing service's journal, which
answers only when it holds every event the database would give (``service.live.journal``).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import WebSocket, WebSocketDisconnect

from frontline.adapters.realtime.memory_hub import OVERFLOW
from frontline.entrypoints.http.routers.live_deps import read
from frontline.service.live.ports import LiveReader, Subscription
from frontline.service.live.runtime import LiveRuntime

UNAUTHENTICATED = 4401
FORBIDDEN = 4403
TRY_AGAIN_LATER = 1013
REPLAY_PAGE = 500

Inbound = Callable[[dict[str, Any]], Awaitable[None]]


def parse_after(raw: str | None) -> int:
    try:
        return max(0, int(raw or 0))
    except ValueError:
        return 0


async def serve_stream(
    websocket: WebSocket,
    live: LiveRuntime,
    stream: str,
    after: int,
    on_message: Inbound,
) -> None:
    """Send the stream to the socket until either side closes; ``on_message`` handles what
    the client sends."""
    subscription = live.hub.subscribe(stream)
    receiver = asyncio.create_task(_receive(websocket, on_message))
    forwarder = asyncio.create_task(_forward(websocket, live, stream, after, subscription))
    try:  # one wait for the socket's life, not a task and a wait per event
        await asyncio.wait({forwarder, receiver}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        subscription.close()
        for task in (forwarder, receiver):
            task.cancel()
        for task in (forwarder, receiver):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


async def _forward(
    websocket: WebSocket,
    live: LiveRuntime,
    stream: str,
    after: int,
    subscription: Subscription,
) -> None:
    """Replay the stored events after ``after``, then send live ones, each id once."""
    try:
        last = after
        while True:
            page = live.journal.replay(stream, last, REPLAY_PAGE)
            if page is None:  # not a stream the journal can vouch for: the database answers
                page = await read(live, lambda r, a=last: _replay(r, stream, a))
            for event in page:
                await websocket.send_json(event)
                last = int(event["id"])
            if len(page) < REPLAY_PAGE:
                break
        while True:
            payload = await subscription.next()
            if payload is OVERFLOW:
                await websocket.close(TRY_AGAIN_LATER, "too far behind; reconnect with after=")
                return
            event_id = payload.get("id")
            if event_id is not None:
                if event_id <= last:
                    continue
                last = event_id
            await websocket.send_json(payload)
    except (WebSocketDisconnect, RuntimeError):
        return


def _replay(reader: LiveReader, stream: str, after: int) -> list[dict[str, Any]]:
    return [{"id": e.id, **e.payload} for e in reader.events(stream, after, REPLAY_PAGE)]


async def _receive(websocket: WebSocket, on_message: Inbound) -> None:
    while True:
        try:
            message = await websocket.receive_json()
        except WebSocketDisconnect:
            return
        except ValueError:
            continue  # not JSON: ignored
        if isinstance(message, dict):
            await on_message(message)


async def refuse(websocket: WebSocket, code: int, reason: str) -> None:
    """Accept and close at once with an application code the browser can read."""
    await websocket.accept()
    await websocket.close(code, reason)
