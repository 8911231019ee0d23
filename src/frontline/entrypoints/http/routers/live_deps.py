"""Shared pieces of the live-operation routers: the runtime dependency and body types."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from frontline.domain.live.messages import MAX_MESSAGE_CHARS
from frontline.entrypoints.http.context import Context
from frontline.service.live.ports import LiveReader
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


async def read(live: LiveRuntime, query: Any) -> Any:
    """Run ``query(reader)`` on committed data in the thread pool (the driver blocks)."""

    def run() -> Any:
        with live.read() as reader:
            return query(reader)

    return await run_in_threadpool(run)


__all__ = ["Live", "LiveReader", "MessageText", "Strict", "TextIn", "live_runtime", "read"]
