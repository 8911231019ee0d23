"""Who is calling and what they may do.

Every route either depends on ``require(...)`` naming the permissions it accepts, or on
``public("why")`` saying why anyone may call it (FastAPI's own /docs and /openapi.json are in
``FRAMEWORK_PATHS``). The refusal-matrix test walks ``app.routes`` and fails on any route that
does neither, so a new endpoint cannot ship without a declared permission.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool

from frontline.domain.org.errors import AuthenticationFailed, Forbidden
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.context import Context, HttpContext
from frontline.service.auth import PrincipalCache, principal_from_token

TOKEN_URL = "/api/v1/auth/token"  # noqa: S105 - a URL, not a secret
SESSION_COOKIE = "frontline_session"
FRAMEWORK_PATHS = frozenset({"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"})

bearer = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)


class NotAuthenticated(AuthenticationFailed):
    """No credentials at all (as opposed to wrong ones)."""


def principal_cache(app: Starlette) -> PrincipalCache | None:
    """The composition root's principal cache (``app.state.principals``), if it set one."""
    cache = getattr(app.state, "principals", None)
    return cache if isinstance(cache, PrincipalCache) else None


async def current_principal(
    request: Request, context: Context, token: Annotated[str | None, Depends(bearer)]
) -> Principal:
    """The caller from the bearer token, or from the browser session cookie.

    Async on purpose: a synchronous dependency costs a hop to the thread pool and back on
    every request. A principal in the cache is answered on the event loop (checking the
    token is a little CPU); only a lookup that needs the database goes to the pool."""
    token = token or request.cookies.get(SESSION_COOKIE)
    if not token:
        raise NotAuthenticated("not authenticated: log in at /api/v1/auth/token")
    return await principal_of(request.app, context, token)


async def principal_of(app: Starlette, context: HttpContext, token: str) -> Principal:
    """The user ``token`` names: from the principal cache on the event loop when it is
    there, else looked up (and cached) in the thread pool. Raises AuthenticationFailed."""
    cache = principal_cache(app)
    if cache is not None and (known := cache.lookup(context.tokens.read(token))) is not None:
        return known
    return await run_in_threadpool(
        principal_from_token, context.uow_factory(), context.tokens, token, cache
    )


class RequirePermission:
    """A dependency admitting callers that hold any one of ``permissions``."""

    def __init__(self, *permissions: Permission) -> None:
        if not permissions:
            raise ValueError("declare at least one permission")
        self.permissions = frozenset(permissions)

    async def __call__(
        self, principal: Annotated[Principal, Depends(current_principal)]
    ) -> Principal:  # async: a check this small must not cost a thread-pool hop
        if not any(principal.can(p) for p in self.permissions):
            needed = " or ".join(sorted(self.permissions))
            raise Forbidden(f"this needs the {needed} permission")
        return principal

    def __repr__(self) -> str:
        return f"require({', '.join(sorted(self.permissions))})"


class PublicAccess:
    """A dependency that checks nothing; it records for reviewers and tests why a route is open."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    async def __call__(self) -> None:  # async: no thread-pool hop for nothing
        return None


def public(reason: str) -> Any:
    """Use as ``dependencies=[public("load balancers probe it")]`` on a route open to anyone."""
    return Depends(PublicAccess(reason))


def require(*permissions: Permission) -> Any:
    """Use as a parameter default: ``actor: Principal = require(Permission.USERS_MANAGE)``."""
    return Depends(RequirePermission(*permissions))
