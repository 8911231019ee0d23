"""Serving the browser UIs: pages, the embeddable widget and /static, with their headers."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI

from frontline.entrypoints.http.pages import mount_pages, router
from frontline.entrypoints.http.permissions_catalogue import (
    api_routes,
    declared_permissions,
    declared_public,
)

PAGES = {"/agent": "Agent desktop", "/wallboard": "Supervisor wallboard", "/chat-demo": "Acme"}


class SyncAsgiTransport(httpx.BaseTransport):
    """Runs each request through the ASGI app in-process on a fresh event loop."""

    def __init__(self, app: FastAPI) -> None:
        self._transport = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def run() -> httpx.Response:
            response = await self._transport.handle_async_request(request)
            body = await response.aread()
            return httpx.Response(
                response.status_code, headers=response.headers, content=body, request=request
            )

        return asyncio.run(run())


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    app = FastAPI()
    mount_pages(app)
    with httpx.Client(transport=SyncAsgiTransport(app), base_url="http://testserver") as http:
        yield http


@pytest.mark.parametrize("path", sorted(PAGES))
def test_pages_are_served_as_html(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert PAGES[path] in response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("path", ["/agent", "/wallboard"])
def test_staff_pages_have_a_strict_content_security_policy(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["content-security-policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["connect-src"] == "'self' ws: wss:"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


def test_the_demo_page_embeds_the_widget_with_one_script_tag(client: httpx.Client) -> None:
    html = client.get("/chat-demo").text
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert len(scripts) == 1
    assert 'src="/widget.js"' in scripts[0]
    assert 'data-queue="general"' in scripts[0]


def test_widget_is_loadable_from_any_site_and_cached(client: httpx.Client) -> None:
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["cross-origin-resource-policy"] == "cross-origin"
    assert response.headers["cache-control"] == "public, max-age=3600"
    assert "/static/widget/chat-widget.js" in response.text


def test_widget_modules_may_be_imported_by_other_sites(client: httpx.Client) -> None:
    """Module scripts load in CORS mode: without the header a customer's site gets nothing."""
    for path in ("/static/widget/chat-widget.js", "/static/lib/live-socket.js"):
        response = client.get(path, headers={"Origin": "https://shop.example"})
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == "*"
    css = client.get("/static/widget.css")
    assert css.headers["cross-origin-resource-policy"] == "cross-origin"


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/static/agent.js", "text/javascript"),
        ("/static/agent/offers.js", "text/javascript"),
        ("/static/lib/live-socket.js", "text/javascript"),
        ("/static/styles.css", "text/css"),
        ("/static/widget.css", "text/css"),
        ("/static/favicon.svg", "image/svg+xml"),
    ],
)
def test_static_assets_are_served_with_their_types(
    client: httpx.Client, path: str, media_type: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "etag" in response.headers


def test_static_assets_revalidate_by_etag(client: httpx.Client) -> None:
    first = client.get("/static/common.js")
    again = client.get("/static/common.js", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["/static/nope.js", "/static/../pages.py", "/static/"])
def test_missing_or_escaping_paths_are_not_found(client: httpx.Client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_head_requests_work_for_monitoring(client: httpx.Client) -> None:
    response = client.head("/agent")
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize("path", sorted(PAGES))
def test_every_asset_a_page_links_to_is_served(client: httpx.Client, path: str) -> None:
    html = client.get(path).text
    links = re.findall(r'(?:href|src)="(/(?:static/[^"]+|widget\.js))"', html)
    assert links, "each page links its stylesheet or script"
    for link in links:
        assert client.get(link).status_code == 200, link


def test_page_routes_declare_themselves_public_and_stay_out_of_the_api_docs() -> None:
    """The refusal-matrix test requires each route to be public or name a permission."""
    routes = list(api_routes(router.routes))
    assert {r.path for r in routes} == {*PAGES, "/widget.js"}
    for route in routes:
        assert declared_public(route), route.path
        assert declared_permissions(route) == frozenset()
        assert route.include_in_schema is False
