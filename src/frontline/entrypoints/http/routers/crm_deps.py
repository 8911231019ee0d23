"""The CRM runtime as a route dependency (503 when a server is built without it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException

from frontline.entrypoints.http.context import Context
from frontline.service.crm.runtime import CrmRuntime


def crm_runtime(context: Context) -> CrmRuntime:
    if context.crm is None:
        raise HTTPException(503, "the CRM is not enabled on this server")
    return context.crm


Crm = Annotated[CrmRuntime, Depends(crm_runtime)]
