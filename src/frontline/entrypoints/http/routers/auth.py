"""Logging in: OAuth2 password form in, bearer token out (plus an HttpOnly session cookie)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response

from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.context import Context
from frontline.entrypoints.http.schemas.users import Token
from frontline.entrypoints.http.security import SESSION_COOKIE, public, require
from frontline.service.auth import LogIn, issue_token, log_in

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


@router.post(
    "/token",
    summary="Log in with username and password",
    dependencies=[public("logging in is how callers obtain credentials")],
)
def token(
    request: Request,
    response: Response,
    context: Context,
    username: Annotated[str, Form(min_length=1, max_length=200)],
    password: Annotated[str, Form(min_length=1, max_length=1024)],
    grant_type: Annotated[str | None, Form(pattern="^password$")] = None,
) -> Token:
    """OAuth2 password flow. Attempts are limited per username and per client address (429)."""
    address = request.client.host if request.client else "unknown"
    user = log_in(
        context.uow_factory(), LogIn(username, password, address), context.hasher, context.throttles
    )
    access_token = issue_token(context.tokens, user)
    response.set_cookie(
        SESSION_COOKIE,
        access_token,
        max_age=context.token_ttl_seconds,
        httponly=True,
        secure=context.cookie_secure,
        samesite="strict",
    )
    return Token(access_token=access_token)


@router.post("/logout", status_code=204, summary="End the browser session")
def logout(actor: Principal = require(Permission.PROFILE_READ)) -> Response:
    """Clears the session cookie; bearer tokens simply expire."""
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE)
    return response
