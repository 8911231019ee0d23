"""Self-service flows: upload YAML or JSON (each upload a new validated version), list,
versions, publish a version to chat queues and dialled numbers, and per-node analytics."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from frontline.domain.flows import FlowValidationError
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.context import Context
from frontline.entrypoints.http.schemas.flows import (
    AnalyticsOut,
    FlowOut,
    FlowVersionOut,
    PublishIn,
    UploadedOut,
)
from frontline.entrypoints.http.security import require
from frontline.service.selfservice import flows_admin
from frontline.service.selfservice.runtime import SelfServiceRuntime

router = APIRouter(prefix="/api/v1/flows", tags=["self-service flows"])
P = Permission
FlowId = Annotated[str, Path(min_length=1, max_length=64)]
_DOCUMENT = {
    "requestBody": {
        "required": True,
        "content": {
            "application/yaml": {"schema": {"type": "string"}},
            "application/json": {"schema": {"type": "object"}},
        },
    }
}


def selfservice(context: Context) -> SelfServiceRuntime:
    if context.selfservice is None:
        raise HTTPException(503, "self-service is not enabled on this server")
    return context.selfservice


SelfService = Annotated[SelfServiceRuntime, Depends(selfservice)]


def _invalid(exc: FlowValidationError) -> JSONResponse:
    problems = [{"node": p.node, "field": p.field, "message": p.message} for p in exc.problems]
    return JSONResponse({"detail": str(exc), "problems": problems}, status_code=422)


@router.post(
    "",
    status_code=201,
    response_model=UploadedOut,
    openapi_extra=_DOCUMENT,
    summary="Upload a flow (YAML or JSON); each upload is a new version, validated",
    responses={422: {"description": "invalid flow: every problem names its node and field"}},
)
async def upload(
    request: Request, ss: SelfService, actor: Principal = require(P.FLOWS_MANAGE)
) -> Any:
    raw = await request.body()
    content_type = request.headers.get("content-type", "application/yaml")
    try:
        return await run_in_threadpool(
            flows_admin.upload_flow, ss.flows, raw, content_type, actor.username, ss.clock()
        )
    except FlowValidationError as exc:
        return _invalid(exc)


@router.get("", summary="List flows with their latest and published versions")
async def list_flows(
    ss: SelfService, actor: Principal = require(P.FLOWS_READ, P.FLOWS_MANAGE)
) -> list[FlowOut]:
    flows = await run_in_threadpool(flows_admin.list_flows, ss.flows)
    return [FlowOut(**f) for f in flows]


@router.get("/{flow_id}/versions", summary="Every version of a flow, newest first")
async def versions(
    flow_id: FlowId,
    ss: SelfService,
    actor: Principal = require(P.FLOWS_READ, P.FLOWS_MANAGE),
) -> list[FlowVersionOut]:
    found = await run_in_threadpool(flows_admin.flow_versions, ss.flows, flow_id)
    return [FlowVersionOut(**v) for v in found]


@router.post("/{flow_id}/publish", summary="Publish a version and attach queues and numbers")
async def publish(
    flow_id: FlowId,
    body: PublishIn,
    context: Context,
    ss: SelfService,
    actor: Principal = require(P.FLOWS_MANAGE),
) -> FlowOut:
    def queue_exists(name: str) -> bool:
        with context.uow_factory() as uow:
            return uow.queues.get_by_name(name) is not None

    published = await run_in_threadpool(
        flows_admin.publish_flow,
        ss.flows,
        flow_id,
        body.version,
        body.queues,
        body.numbers,
        queue_exists,
        ss.clock(),
    )
    ss.flows_published()
    return FlowOut(**published)


@router.get("/{flow_id}/analytics", summary="Per node: passed, dropped, contained; outcomes")
async def analytics(
    flow_id: FlowId,
    ss: SelfService,
    version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    actor: Principal = require(P.FLOWS_READ, P.FLOWS_MANAGE),
) -> AnalyticsOut:
    found = await run_in_threadpool(
        flows_admin.flow_analytics, ss.flows, ss.events, flow_id, version
    )
    return AnalyticsOut(**found)
