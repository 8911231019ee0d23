"""Fixtures for the platform tests: the same tests run on SQLite and on PostgreSQL.

The schema is migrated once per engine and emptied before each test, which keeps the suite
fast; the API is driven in-process through a small synchronous ASGI transport for httpx.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from tests.support.databases import BACKENDS, wipe
from tests.support.databases import migrated_engine as engine_for_backend

from frontline.bootstrap import Container, build_container, create_app
from frontline.config import Settings
from frontline.domain.org.roles import Role
from frontline.service import users
from frontline.service.access import SYSTEM
from frontline.service.ports import UnitOfWork

PASSWORD = "correct horse"
TEST_ADDRESS = "203.0.113.7"


class SyncAsgiTransport(httpx.BaseTransport):
    """Runs each request through the ASGI app on a fresh event loop (no server, no thread)."""

    def __init__(self, app: FastAPI, client_address: str = TEST_ADDRESS) -> None:
        self._transport = httpx.ASGITransport(app=app, client=(client_address, 50000))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def run() -> httpx.Response:
            response = await self._transport.handle_async_request(request)
            body = await response.aread()
            return httpx.Response(
                response.status_code, headers=response.headers, content=body, request=request
            )

        return asyncio.run(run())


def settings_for(data_dir: Path, url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": data_dir,
        "database_url": url,
        "secret_key": "x" * 40,
        "argon2_time_cost": 1,
        "argon2_memory_kib": 8,
        "login_max_per_username": 1000,
        "login_max_per_address": 1000,
        "migrate_on_start": False,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session", params=BACKENDS)
def migrated_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    yield from engine_for_backend(request, tmp_path_factory, "platform")


@pytest.fixture
def engine(migrated_engine: Engine) -> Engine:
    wipe(migrated_engine)
    return migrated_engine


@pytest.fixture
def settings(engine: Engine, tmp_path: Path) -> Settings:
    return settings_for(tmp_path, engine.url.render_as_string(hide_password=False))


@pytest.fixture
def container(settings: Settings, engine: Engine) -> Container:
    return build_container(settings, engine=engine)


@pytest.fixture
def uow(container: Container) -> Callable[[], UnitOfWork]:
    return container.uow_factory


@pytest.fixture
def app(container: Container) -> FastAPI:
    return create_app(container)


@pytest.fixture
def build_app(engine: Engine, tmp_path: Path) -> Callable[..., FastAPI]:
    """Another app on the same database, with some settings changed."""

    def build(**overrides: object) -> FastAPI:
        url = engine.url.render_as_string(hide_password=False)
        return create_app(build_container(settings_for(tmp_path, url, **overrides), engine=engine))

    return build


@pytest.fixture
def client_for(app: FastAPI) -> Iterator[Callable[..., httpx.Client]]:
    clients: list[httpx.Client] = []

    def make(address: str = TEST_ADDRESS, on: FastAPI | None = None) -> httpx.Client:
        client = httpx.Client(
            transport=SyncAsgiTransport(on or app, address), base_url="https://testserver"
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def api(client_for: Callable[..., httpx.Client]) -> httpx.Client:
    return client_for()


@pytest.fixture
def make_user(container: Container) -> Callable[..., int]:
    def make(username: str, *roles: Role) -> int:
        cmd = users.CreateUser(username, PASSWORD, frozenset(roles or {Role.AGENT}))
        return users.create_user(container.uow_factory(), SYSTEM, cmd, container.hasher).id

    return make


@pytest.fixture
def login(api: httpx.Client) -> Callable[[str], dict[str, str]]:
    def headers_for(username: str, password: str = PASSWORD) -> dict[str, str]:
        response = api.post("/api/v1/auth/token", data={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    return headers_for


@pytest.fixture
def as_role(
    make_user: Callable[..., int], login: Callable[[str], dict[str, str]]
) -> Callable[[Role], dict[str, str]]:
    """Auth headers of a fresh user holding exactly ``role`` (one user per role per test)."""
    cache: dict[Role, dict[str, str]] = {}

    def headers(role: Role) -> dict[str, str]:
        if role not in cache:
            make_user(f"the-{role.value.replace('_', '-')}", role)
            cache[role] = login(f"the-{role.value.replace('_', '-')}")
        return cache[role]

    return headers


@pytest.fixture
def admin(as_role: Callable[[Role], dict[str, str]]) -> dict[str, str]:
    return as_role(Role.ADMIN)
