"""The WFM runtime as a route dependency (503 when a server is built without it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException

from frontline.entrypoints.http.context import Context
from frontline.service.wfm.runtime import WfmRuntime


def wfm_runtime(context: Context) -> WfmRuntime:
    if context.wfm is None:
        raise HTTPException(503, "workforce management is not enabled on this server")
    return context.wfm


Wfm = Annotated[WfmRuntime, Depends(wfm_runtime)]
