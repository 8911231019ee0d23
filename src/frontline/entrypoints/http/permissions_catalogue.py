"""Reading back which permission each route declared, for docs and the refusal-matrix test."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from frontline.domain.org.roles import Permission
from frontline.entrypoints.http.security import PublicAccess, RequirePermission


def _walk(dependant: Dependant) -> frozenset[Permission]:
    found: set[Permission] = set()
    for sub in dependant.dependencies:
        if isinstance(sub.call, RequirePermission):
            found |= sub.call.permissions
        found |= _walk(sub)
    return frozenset(found)


def declared_permissions(route: APIRoute) -> frozenset[Permission]:
    """The permissions a route accepts (any one suffices); empty if it declares none."""
    return _walk(route.dependant)


def declared_public(route: APIRoute) -> bool:
    """True if the route declares itself open to anyone with ``public(...)``."""
    return any(isinstance(sub.call, PublicAccess) for sub in route.dependant.dependencies)


def api_routes(routes: Iterable[BaseRoute]) -> Iterator[APIRoute]:
    """Every APIRoute, looking inside included routers (recent FastAPI includes them lazily)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from api_routes(included.routes)


def endpoint_table(routes: Iterable[APIRoute]) -> list[tuple[str, str, str]]:
    """(method, path, permissions) for every API route, sorted by path then method."""
    rows = []
    for route in routes:
        needed = " or ".join(sorted(declared_permissions(route)))
        if declared_public(route):
            needed = "public"
        for method in sorted(route.methods or ()):
            rows.append((method, route.path, needed))
    return sorted(rows, key=lambda row: (row[1], row[0]))
