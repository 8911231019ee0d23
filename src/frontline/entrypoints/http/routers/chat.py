"""The public customer chat API: start a session, write, read, signal typing, leave.

Open to anyone (it is what the widget on a customer's site calls), so it is rate-limited
per client address (new sessions) and per session (messages), and every call after the
first is authenticated by the session's own token (``Authorization: Bearer``): a token
opens exactly one session, never another.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from pydantic import Field

from frontline.entrypoints.http.context import Context
from frontline.entrypoints.http.routers import chat_bot
from frontline.entrypoints.http.routers.live_deps import (
    Live,
    MessageText,
    Strict,
    TextIn,
    chat_of_token,
    read,
)
from frontline.entrypoints.http.routers.params import IdPath
from frontline.entrypoints.http.security import public
from frontline.service.live import commands
from frontline.service.live.chat_tokens import new_session_token
from frontline.service.live.ports import LiveReader
from frontline.service.live.queries import chat_transcript
from frontline.service.live.runtime import check_throttle

router = APIRouter(prefix="/api/v1/chat/sessions", tags=["chat"])
_SESSION = public("customer chat: authenticated by the session's own token, rate-limited")
_START = public("customers start chats from any site; rate-limited per address")


class ChatStartIn(Strict):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    email: Annotated[str | None, Field(max_length=254)] = None
    message: MessageText
    queue: Annotated[str | None, Field(max_length=64)] = None


def _bearer(authorization: str | None) -> str | None:
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip() or None
    return None


Auth = Annotated[str | None, Header(alias="Authorization", include_in_schema=False)]


async def _session(live: Live, session_id: int, authorization: str | None) -> Any:
    return await chat_of_token(live, session_id, _bearer(authorization))


@router.post("", status_code=201, dependencies=[_START], summary="Start a chat session")
async def start_session(
    body: ChatStartIn, request: Request, live: Live, context: Context
) -> dict[str, Any]:
    address = request.client.host if request.client else "unknown"
    check_throttle(live.throttles.sessions_by_address, address)
    token, token_hash = new_session_token()
    answer = await chat_bot.start_with_bot(
        context, live, body.name, body.email, body.message, body.queue, token_hash
    )
    if answer is None:  # no bot on this queue: straight to the agents
        cmd = commands.StartChat(body.name, body.email, body.message, body.queue, token_hash)
        answer = await live.execute(cmd)
    live.remember_session(token_hash, int(answer["session_id"]))
    return {**answer, "token": token}


@router.post(
    "/{session_id}/messages",
    status_code=201,
    dependencies=[_SESSION],
    summary="Write in a chat (409 once it ended)",
)
async def post_message(
    session_id: IdPath, body: TextIn, live: Live, context: Context, authorization: Auth = None
) -> dict[str, Any]:
    interaction = await _session(live, session_id, authorization)
    check_throttle(live.throttles.messages_by_session, str(session_id))
    result: dict[str, Any] = await live.execute(commands.PostCustomerMessage(session_id, body.text))
    await chat_bot.customer_wrote(context, interaction, body.text)
    return result


@router.get("/{session_id}/messages", dependencies=[_SESSION], summary="Read a chat")
async def get_messages(
    session_id: IdPath,
    live: Live,
    authorization: Auth = None,
    after: Annotated[int, Query(ge=0, le=2_147_483_647, description="message id")] = 0,
) -> dict[str, Any]:
    interaction = await _session(live, session_id, authorization)
    name = live.agent_display_name(interaction.agent_user_id)

    def query(reader: LiveReader) -> dict[str, Any]:
        return chat_transcript(reader, interaction, after, name)

    result: dict[str, Any] = await read(live, query)
    return result


@router.post(
    "/{session_id}/typing", status_code=204, dependencies=[_SESSION], summary="Customer typing"
)
async def typing(session_id: IdPath, live: Live, authorization: Auth = None) -> Response:
    await _session(live, session_id, authorization)
    live.customer_typing(session_id)
    return Response(status_code=204)


@router.post("/{session_id}/end", dependencies=[_SESSION], summary="Leave the chat")
async def end(
    session_id: IdPath, live: Live, context: Context, authorization: Auth = None
) -> dict[str, Any]:
    interaction = await _session(live, session_id, authorization)
    await chat_bot.customer_left(context, interaction)
    result: dict[str, Any] = await live.execute(commands.EndChat(session_id))
    return result
