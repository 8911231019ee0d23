"""Serving the browser UIs: the agent desktop, the wallboard, the chat-widget demo site, the
embeddable ``/widget.js`` and the static assets under ``/static``.

The pages themselves hold no data (everything they show comes from the API with a token), so
their routes are public. Staff pages get a strict Content-Security-Policy: scripts and styles
only from this server, no inline code, network only back to this origin (HTTP and WebSocket),
and no framing, so even a missed escape could not run injected script or leak data elsewhere.
``/widget.js`` is the one entry point meant for other sites: a tiny loader, cacheable for an
hour, that imports the widget's modules from ``/static/widget/`` (revalidated on every load,
so a deploy reaches customers' browsers at once).
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import Scope

from frontline.entrypoints.http.security import public

WEB_PACKAGE = "frontline.web"
WIDGET_MAX_AGE_S = 3600

STAFF_CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self' ws: wss:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# The demo is a stand-in for a customer's site: same rules, but it may be framed by Frontline.
DEMO_CSP = STAFF_CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'")

COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

CROSS_ORIGIN_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Cross-Origin-Resource-Policy": "cross-origin",
}

_PAGE_IS_PUBLIC = public("an empty page shell: its data comes from the API with a token")

router = APIRouter(include_in_schema=False)


def _asset(*parts: str) -> bytes:
    """A file from the ``frontline.web`` package, wherever it is installed."""
    resource = files(WEB_PACKAGE)
    for part in parts:
        resource = resource.joinpath(part)
    return resource.read_bytes()


def _page(name: str, csp: str) -> Response:
    headers = {
        **COMMON_HEADERS,
        "Content-Security-Policy": csp,
        "X-Frame-Options": "DENY" if "frame-ancestors 'none'" in csp else "SAMEORIGIN",
        # no build step means no hashed file names: always revalidate instead of caching stale
        "Cache-Control": "no-cache",
    }
    return Response(
        _asset("templates", name), media_type="text/html; charset=utf-8", headers=headers
    )


@router.api_route("/agent", methods=["GET", "HEAD"], dependencies=[_PAGE_IS_PUBLIC])
def agent_desktop() -> Response:
    """The agent desktop (log in, take offers, chat, wrap up)."""
    return _page("agent.html", STAFF_CSP)


@router.api_route("/wallboard", methods=["GET", "HEAD"], dependencies=[_PAGE_IS_PUBLIC])
def wallboard() -> Response:
    """The supervisor wallboard; the stats it shows are limited to permitted roles by the API."""
    return _page("wallboard.html", STAFF_CSP)


@router.api_route("/chat-demo", methods=["GET", "HEAD"], dependencies=[_PAGE_IS_PUBLIC])
def chat_demo() -> Response:
    """A sample company site embedding the chat widget with one script tag."""
    return _page("chat-demo.html", DEMO_CSP)


@router.api_route(
    "/widget.js",
    methods=["GET", "HEAD"],
    dependencies=[public("customers' browsers load it from any site")],
)
def widget() -> Response:
    """The embeddable chat widget: loadable from any origin, cached for an hour."""
    headers = {
        **COMMON_HEADERS,
        **CROSS_ORIGIN_HEADERS,
        "Cache-Control": f"public, max-age={WIDGET_MAX_AGE_S}",
    }
    return Response(
        _asset("static", "widget.js"),
        media_type="text/javascript; charset=utf-8",
        headers=headers,
    )


class StaticAssets(StaticFiles):
    """StaticFiles with the same hardening headers; assets revalidate by ETag on each load.

    Every asset is public code or style, never data, so all may be read cross-origin: the
    widget's ES modules and stylesheet are loaded by customers' sites, and module scripts
    are always fetched in CORS mode.
    """

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        for name, value in {**COMMON_HEADERS, **CROSS_ORIGIN_HEADERS}.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Cache-Control", "no-cache")
        return response


def mount_pages(app: FastAPI) -> None:
    """Add the pages and ``/static`` to ``app`` (a mount needs the app, not a router)."""
    app.include_router(router)
    app.mount("/static", StaticAssets(packages=[(WEB_PACKAGE, "static")]), name="static")
