"""Shared pieces of the live-operation routers: the runtime dependency and body types."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from frontline.domain.live.interactions import Interaction
from frontline.domain.live.messages import MAX_MESSAGE_CHARS
from frontline.entrypoints.http.context import Context
from frontline.service.live.ports import LiveReader
from frontline.service.live.queries import chat_session
from frontline.service.live.runtime import LiveRuntime


async def live_runtime(context: Context) -> LiveRuntime:  # async: no thread-pool hop
    if context.live is None:
        raise HTTPException(503, "live operation is not enabled on this server")
    return context.live


Live = Annotated[LiveRuntime, Depends(live_runtime)]

MessageText = Annotated[str, Field(min_length=1, max_length=MAX_MESSAGE_CHARS)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TextIn(Strict):
    text: MessageText


async def chat_of_token(live: LiveRuntime, session_id: int, token: str | None) -> Interaction:
    """The chat ``token`` opens (``queries.chat_session``'s 401/403/404 otherwise): from
    memory for an open chat started on this server, else from the database."""
    known = live.open_session(session_id, token)
    if known is not None:
        return known
    found: Interaction = await read(live, lambda r: chat_session(r, session_id, token))
    return found


async def read(live: LiveRuntime, query: Any) -> Any:
    """Run ``query(reader)`` on committed data in the thread pool (the driver blocks)."""

    def run() -> Any:
        with live.read() as reader:
            return query(reader)

    return await run_in_threadpool(run)


__all__ = [
    "Live",
    "LiveReader",
    "MessageText",
    "Strict",
    "TextIn",
    "chat_of_token",
    "live_runtime",
    "read",
]
