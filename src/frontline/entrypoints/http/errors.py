"""Turning failures into clear 4xx JSON. Each domain error kind has one status; database
constraint errors that slip past the use-case checks (a race, a too-long value) are 409/422,
and a database that cannot be reached is 503, never a bare 500."""

from __future__ import annotations

import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from frontline.domain.org.errors import (
    AuthenticationFailed,
    Conflict,
    DomainError,
    Forbidden,
    InvalidValue,
    NotFound,
)
from frontline.service.auth import TooManyAttempts
from frontline.service.live.backlog import Overloaded
from frontline.service.live.runtime import TooManyRequests

STATUS = {
    InvalidValue: 422,
    NotFound: 404,
    Conflict: 409,
    Forbidden: 403,
    AuthenticationFailed: 401,
    TooManyAttempts: 429,
    TooManyRequests: 429,
    Overloaded: 503,
}


def status_of(exc: DomainError) -> int:
    """The HTTP status of a domain error (the agent socket answers with the same)."""
    for kind, status in STATUS.items():
        if isinstance(exc, kind):
            return status
    return 400


async def domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    status = status_of(exc)
    headers: dict[str, str] = {}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, TooManyAttempts | TooManyRequests | Overloaded):
        headers["Retry-After"] = str(max(1, math.ceil(exc.retry_after)))
    return JSONResponse({"detail": str(exc)}, status_code=status, headers=headers)


def _json_safe(value: Any) -> Any:
    """NaN and infinity have no JSON spelling; echo them back as text instead of failing."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422, but safe for inputs such as NaN that would otherwise turn it into a 500."""
    assert isinstance(exc, RequestValidationError)
    return JSONResponse({"detail": _json_safe(jsonable_encoder(exc.errors()))}, status_code=422)


async def integrity_error(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(
        {"detail": "the change conflicts with existing data (duplicate or still referenced)"},
        status_code=409,
    )


async def data_error(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": "a value is not acceptable to the database"}, 422)


async def unavailable(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": "the database is unavailable; try again shortly"}, 503)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(IntegrityError, integrity_error)
    app.add_exception_handler(DataError, data_error)
    app.add_exception_handler(OperationalError, unavailable)
