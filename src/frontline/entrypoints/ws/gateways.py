"""The three WebSocket endpoints. Staff sockets authenticate with ``?token=`` (the bearer
token of the REST API), customer sockets with the chat session token; a bad token closes
with 4401, a token that may not see this stream with 4403."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from frontline.domain.org.errors import AuthenticationFailed, DomainError, Forbidden
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.context import HttpContext
from frontline.entrypoints.http.routers.live_deps import read
from frontline.entrypoints.http.routers.stats import stats_for
from frontline.entrypoints.http.security import principal_of
from frontline.entrypoints.ws.streaming import (
    FORBIDDEN,
    UNAUTHENTICATED,
    parse_after,
    refuse,
    serve_stream,
)
from frontline.service.live import commands
from frontline.service.live.queries import chat_session
from frontline.service.live.runtime import LiveRuntime, check_throttle
from frontline.service.live.state import WALLBOARD_STREAM, agent_stream, chat_stream

router = APIRouter()


def _context(websocket: WebSocket) -> tuple[HttpContext, LiveRuntime | None]:
    context = websocket.app.state.frontline
    assert isinstance(context, HttpContext)
    return context, context.live


async def _staff(websocket: WebSocket, *permissions: Permission) -> Principal | None:
    context, _ = _context(websocket)
    token = websocket.query_params.get("token") or ""
    try:
        principal = await principal_of(websocket.app, context, token)
    except (AuthenticationFailed, ValueError):
        await refuse(websocket, UNAUTHENTICATED, "invalid or missing token")
        return None
    if not any(principal.can(p) for p in permissions):
        await refuse(websocket, FORBIDDEN, "not permitted")
        return None
    return principal


@router.websocket("/ws/agent")
async def agent_socket(websocket: WebSocket) -> None:
    _, live = _context(websocket)
    principal = await _staff(websocket, Permission.DESKTOP_USE)
    if principal is None or live is None or principal.user_id is None:
        return
    user_id = principal.user_id
    stream = agent_stream(user_id)

    async def on_message(message: dict[str, Any]) -> None:
        if message.get("type") == "typing":
            with contextlib.suppress(TypeError, ValueError):
                live.agent_typing(user_id, int(message.get("interaction_id") or 0))

    await websocket.accept()
    await live.execute(commands.SocketOpened(stream))
    try:
        await serve_stream(
            websocket, live, stream, parse_after(websocket.query_params.get("after")), on_message
        )
    finally:
        with contextlib.suppress(Exception):
            await live.execute(commands.SocketClosed(stream))


@router.websocket("/ws/chat/{session_id}")
async def chat_socket(websocket: WebSocket, session_id: int) -> None:
    _, live = _context(websocket)
    if live is None:
        await refuse(websocket, 1011, "live operation is not enabled")
        return
    token = websocket.query_params.get("token")
    try:
        await read(live, lambda r: chat_session(r, session_id, token))
    except Forbidden:
        await refuse(websocket, FORBIDDEN, "this token belongs to another chat")
        return
    except DomainError:
        await refuse(websocket, UNAUTHENTICATED, "invalid chat session token")
        return
    stream = chat_stream(session_id)

    async def on_message(message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "typing":
            live.customer_typing(session_id)
        elif kind == "message" and isinstance(message.get("text"), str):
            try:
                check_throttle(live.throttles.messages_by_session, str(session_id))
                await live.execute(commands.PostCustomerMessage(session_id, message["text"]))
            except DomainError as exc:
                await websocket.send_json({"type": "error", "detail": str(exc)})

    await websocket.accept()
    await live.execute(commands.SocketOpened(stream))
    try:
        await serve_stream(
            websocket, live, stream, parse_after(websocket.query_params.get("after")), on_message
        )
    finally:
        with contextlib.suppress(Exception):
            await live.execute(commands.SocketClosed(stream))


@router.websocket("/ws/wallboard")
async def wallboard_socket(websocket: WebSocket) -> None:
    _, live = _context(websocket)
    principal = await _staff(websocket, Permission.STATS_READ, Permission.STATS_READ_TEAM)
    if principal is None or live is None:
        return
    await websocket.accept()
    subscription = live.hub.subscribe(WALLBOARD_STREAM)
    closed = asyncio.create_task(_until_closed(websocket))
    try:
        await websocket.send_json({"type": "stats", **await stats_for(live, principal)})
        while True:
            pushed = asyncio.create_task(subscription.next())
            done, _ = await asyncio.wait({pushed, closed}, return_when=asyncio.FIRST_COMPLETED)
            if closed in done:
                pushed.cancel()
                return
            document = pushed.result()
            if document.get("type") != "stats":
                continue
            if not principal.can(Permission.STATS_READ):
                document = {"type": "stats", **await stats_for(live, principal)}
            await websocket.send_json(document)
    except Exception:  # the socket went away mid-send
        return
    finally:
        subscription.close()
        closed.cancel()


async def _until_closed(websocket: WebSocket) -> None:
    """Read (and ignore) what the wallboard sends until it disconnects."""
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        while True:
            await websocket.receive_text()
