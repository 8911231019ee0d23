"""The three WebSocket endpoints. Staff sockets authenticate with ``?token=`` (the bearer
token of the REST API), customer sockets with the chat session token; a bad token closes
with 4401, a token that may not see this stream with 4403."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from frontline.domain.org.errors import AuthenticationFailed, DomainError, Forbidden
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.context import HttpContext
from frontline.entrypoints.http.routers.live_deps import chat_of_token
from frontline.entrypoints.http.routers.stats import stats_for
from frontline.entrypoints.http.security import principal_of
from frontline.entrypoints.ws import agent_commands
from frontline.entrypoints.ws.streaming import (
    FORBIDDEN,
    UNAUTHENTICATED,
    parse_after,
    refuse,
    serve_stream,
)
from frontline.service.live import commands
from frontline.service.live.runtime import LiveRuntime, check_throttle
from frontline.service.live.state import WALLBOARD_STREAM, agent_stream, chat_stream

router = APIRouter()
log = logging.getLogger(__name__)


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
    token = websocket.query_params.get("token") or ""

    async def answer(frame: dict[str, Any]) -> None:
        # Frames are written whole, so answers and the stream's events share the socket
        # without a lock; a socket gone meanwhile only loses the answer, not the command.
        reply = await _agent_command(websocket, live, token, user_id, frame)
        with contextlib.suppress(Exception):
            await websocket.send_json(reply)
            if reply.get("status") == 401:
                await websocket.close(UNAUTHENTICATED, "token expired or revoked")

    lanes = agent_commands.CommandLanes(answer)

    async def on_message(message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "typing":
            with contextlib.suppress(TypeError, ValueError):
                live.agent_typing(user_id, int(message.get("interaction_id") or 0))
        elif kind in agent_commands.COMMAND_TYPES:
            await lanes.submit(message)

    await websocket.accept()
    await live.execute(commands.SocketOpened(stream))
    try:
        await serve_stream(
            websocket, live, stream, parse_after(websocket.query_params.get("after")), on_message
        )
    finally:
        await lanes.close()
        with contextlib.suppress(Exception):
            await live.execute(commands.SocketClosed(stream))


async def _agent_command(
    websocket: WebSocket, live: LiveRuntime, token: str, user_id: int, frame: dict[str, Any]
) -> dict[str, Any]:
    """Apply one command frame (``agent_commands``); the ack or error frame that answers it."""
    parsed = agent_commands.parse(frame)
    if isinstance(parsed, dict):
        return parsed
    context, _ = _context(websocket)
    try:
        current = await principal_of(websocket.app, context, token)
        if current.user_id != user_id:
            raise AuthenticationFailed("this token now names another user")
        agent_commands.authorised(current)
        result = await live.execute(agent_commands.service_command(user_id, parsed))
    except ValueError:  # a token that no longer decodes
        return agent_commands.error_frame(parsed.ref, 401, "invalid or expired token")
    except DomainError as exc:
        return agent_commands.failure(parsed.ref, exc)
    except Exception:  # the database or the routing service failed: the client may retry
        log.exception("agent socket command %s failed", parsed.type)
        detail = "the command could not be applied now; try again"
        return agent_commands.error_frame(parsed.ref, 503, detail)
    return {"type": "ack", "ref": parsed.ref, "result": result}


@router.websocket("/ws/chat/{session_id}")
async def chat_socket(websocket: WebSocket, session_id: int) -> None:
    _, live = _context(websocket)
    if live is None:
        await refuse(websocket, 1011, "live operation is not enabled")
        return
    token = websocket.query_params.get("token")
    try:
        await chat_of_token(live, session_id, token)
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
