"""The FastAPI application factory. It receives everything it needs (``HttpContext``) from the
composition root and builds nothing itself, so tests and the server wire it the same way."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Protocol

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from starlette.routing import BaseRoute

import frontline
from frontline.entrypoints.http import errors
from frontline.entrypoints.http.context import HttpContext
from frontline.entrypoints.http.pages import mount_pages
from frontline.entrypoints.http.permissions_catalogue import api_routes, declared_permissions
from frontline.entrypoints.http.routers import (
    adherence,
    agents,
    audit,
    auth,
    cases,
    chat,
    crm_import,
    customer_merge,
    customer_timeline,
    customers,
    desktop,
    flows,
    health,
    interaction_cases,
    interactions,
    kb,
    queues,
    schedules,
    scripts,
    sla,
    stats,
    teams_skills,
    users,
    voice,
)
from frontline.entrypoints.http.security import public
from frontline.entrypoints.ws import gateways

# Requests are matched against the routes in this order, one included router after another
# (about 10 us each): the routes every chat uses come first, so a customer's chat start and
# socket handshake do not walk the whole API (the sockets were matched last: 0.3 ms each).
HOT_ROUTERS = (gateways.router, chat.router)
ROUTERS = (
    auth.router,
    users.router,
    teams_skills.router,
    desktop.router,
    agents.router,
    queues.router,
    customers.router,
    audit.router,
    health.router,
    interactions.router,
    stats.router,
    crm_import.router,
    cases.router,
    kb.router,
    sla.router,
    scripts.router,
    schedules.router,
    adherence.router,
    customer_timeline.router,
    customer_merge.router,
    interaction_cases.router,
    flows.router,
    voice.router,
)


class BackgroundService(Protocol):
    """Something that runs beside the API for the server's lifetime (routing, email)."""

    def start(self) -> None: ...
    def stop(self) -> None: ...


def _document_permissions(routes: list[BaseRoute]) -> None:
    """Write each route's permission into its OpenAPI description, so /docs shows it."""
    for route in api_routes(routes):
        needed = declared_permissions(route)
        note = f"Requires permission: {' or '.join(f'`{p}`' for p in sorted(needed))}."
        if needed and note not in route.description:
            route.description = f"{route.description}\n\n{note}".strip()
            route.openapi_extra = {"x-permissions": sorted(needed)}


def create_app(
    context: HttpContext,
    on_startup: Callable[[], None] | None = None,
    services: Sequence[BackgroundService] = (),
) -> FastAPI:
    """The API app; ``on_startup`` (e.g. applying migrations) runs before the first request,
    then ``services`` start (the live routing service restores its state from the database
    before the server accepts a request) and stop again, in reverse, at shutdown."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if on_startup is not None:
            on_startup()
        started: list[BackgroundService] = []
        try:
            for service in services:
                service.start()
                started.append(service)
            yield
        finally:
            for service in reversed(started):
                service.stop()

    app = FastAPI(
        title="Frontline",
        version=frontline.__version__,
        summary="Open-source contact-center platform: organisation, routing, channels, WFM.",
        lifespan=lifespan,
    )
    app.state.frontline = context
    errors.install(app)
    for router in (*HOT_ROUTERS, *ROUTERS):
        _document_permissions(router.routes)
        app.include_router(router)
    mount_pages(app)

    @app.get("/", include_in_schema=False, dependencies=[public("points browsers at /docs")])
    def landing() -> RedirectResponse:
        return RedirectResponse("/docs")

    return app
