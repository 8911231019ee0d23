"""Liveness for load balancers: 200 when the database answers, 503 when it does not."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from frontline.entrypoints.http.context import Context
from frontline.entrypoints.http.security import public

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    summary="Health check",
    responses={503: {"description": "database down"}},
    dependencies=[public("load balancers and orchestrators probe it without credentials")],
)
def healthz(context: Context) -> JSONResponse:
    if context.database_reachable():
        return JSONResponse({"status": "ok", "database": "reachable"})
    return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
