"""A real Frontline server (uvicorn on a free port, real routing service) for live tests.

The same scenarios run on SQLite and PostgreSQL. Each test gets a freshly emptied database
seeded with a small organisation, and a server started with the settings it asks for (short
timeouts make offer-timeout and grace-period tests take a second, not a minute).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from tests.support.databases import BACKENDS, migrated_engine, wipe
from tests.support.servers import ThreadedServer, server_settings
from websockets.asyncio.client import ClientConnection, connect

from frontline.bootstrap import Container, build_container
from frontline.domain.channels import Channel
from frontline.domain.org.roles import Role
from frontline.service import agents, queues, skills, teams, users
from frontline.service.access import SYSTEM

PASSWORD = "correct horse"
FIRST_MESSAGE = "Hello, I need help"
AGENTS = {  # username: (skills, chat capacity, email capacity)
    "alice": ({"billing": 4}, 3, 2),
    "bob": ({}, 3, 0),
    "carol": ({"billing": 2}, 1, 2),
}


@pytest.fixture(scope="session", params=BACKENDS)
def live_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    yield from migrated_engine(request, tmp_path_factory, "live")


def seed(container: Container) -> dict[str, int]:
    """Skills, queues, a team, agents alice/bob/carol, a supervisor, a team lead, an admin."""
    make = container.uow_factory
    for name in ("billing",):
        skills.create_skill(make(), SYSTEM, skills.CreateSkill(name))
    ids: dict[str, int] = {}
    for username, role in (
        ("super", Role.SUPERVISOR),
        ("lead", Role.TEAM_LEAD),
        ("boss", Role.ADMIN),
    ):
        cmd = users.CreateUser(username, PASSWORD, frozenset({role}), username.title())
        ids[username] = users.create_user(make(), SYSTEM, cmd, container.hasher).id
    team = teams.create_team(make(), SYSTEM, teams.CreateTeam("North", "", ids["lead"]))
    for username, (levels, chats, emails) in AGENTS.items():
        cmd = users.CreateUser(username, PASSWORD, frozenset({Role.AGENT}), username.title())
        user_id = users.create_user(make(), SYSTEM, cmd, container.hasher).id
        ids[username] = user_id
        capacity = {Channel.CHAT: chats, Channel.EMAIL: emails, Channel.VOICE: 0}
        team_id = team.id if username == "alice" else None
        agents.create_agent(make(), SYSTEM, agents.CreateAgent(user_id, team_id, levels, capacity))
    for cmd in (
        queues.CreateQueue("general", frozenset({Channel.CHAT})),
        queues.CreateQueue("billing", frozenset({Channel.CHAT, Channel.EMAIL}), {"billing": 2}),
        queues.CreateQueue("support-email", frozenset({Channel.EMAIL})),
    ):
        queues.create_queue(make(), SYSTEM, cmd)
    return ids


LiveServer = ThreadedServer


@pytest.fixture
def make_server(live_engine: Engine, tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """``make_server(**settings)``: a seeded, running server (one per test)."""
    wipe(live_engine)
    servers: list[LiveServer] = []

    def make(**overrides: Any) -> LiveServer:
        settings = server_settings(live_engine, tmp_path, **overrides)
        server = LiveServer(settings, live_engine)
        if not servers:
            seed(build_container(settings, engine=live_engine))
        server.start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def server(make_server: Callable[..., LiveServer]) -> LiveServer:
    return make_server()


@dataclass
class Staff:
    """A logged-in staff member on the REST API."""

    http: httpx.AsyncClient
    token: str
    server: LiveServer

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def call(self, method: str, path: str, expect: int = 200, **kwargs: Any) -> Any:
        response = await self.http.request(method, path, headers=self.headers, **kwargs)
        assert response.status_code == expect, (
            f"{method} {path}: {response.status_code} {response.text}"
        )
        return response.json() if response.content else None

    async def ready(self) -> Any:
        return await self.call("PUT", "/api/v1/agents/me/state", json={"state": "available"})

    def socket(self, after: int | None = None) -> Any:
        query = f"?token={self.token}" + (f"&after={after}" if after is not None else "")
        return connect(f"{self.server.ws_base}/ws/agent{query}", open_timeout=5)

    async def accept_new_chat(
        self, desk: ClientConnection, message: str = FIRST_MESSAGE
    ) -> Customer:
        """Go ready, let a new customer chat in with ``message``, wait for its offer on
        ``desk`` and accept it over REST: the customer, with the chat active on this agent.

        Many scenarios need an agent already talking to a customer before the part they are
        about begins; this is that setup, so tests that are about offers or accepting itself
        should spell those steps out instead. The desk socket stays the test's: it decides
        when the desktop connects and when it goes away. The offer is checked to be for this
        chat, so a wrong routing fails here rather than as a puzzling 409 on the accept.
        """
        await self.ready()
        customer = await start_chat(self.http, self.server, message)
        offer = await next_event(desk, "offer")
        assert offer["interaction_id"] == customer.session_id, offer
        await self.call("POST", f"/api/v1/interactions/{customer.session_id}/accept")
        return customer


async def log_in(http: httpx.AsyncClient, server: LiveServer, username: str) -> Staff:
    response = await http.post(
        "/api/v1/auth/token", data={"username": username, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return Staff(http, response.json()["access_token"], server)


@dataclass
class Customer:
    http: httpx.AsyncClient
    session_id: int
    token: str
    server: LiveServer

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def say(self, text: str, expect: int = 201) -> Any:
        response = await self.http.post(
            f"/api/v1/chat/sessions/{self.session_id}/messages",
            json={"text": text},
            headers=self.headers,
        )
        assert response.status_code == expect, response.text
        return response.json()

    async def transcript(self, after: int = 0) -> Any:
        response = await self.http.get(
            f"/api/v1/chat/sessions/{self.session_id}/messages",
            params={"after": after},
            headers=self.headers,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def socket(self, after: int | None = None) -> Any:
        query = f"?token={self.token}" + (f"&after={after}" if after is not None else "")
        return connect(f"{self.server.ws_base}/ws/chat/{self.session_id}{query}", open_timeout=5)


async def start_chat(
    http: httpx.AsyncClient, server: LiveServer, message: str = FIRST_MESSAGE, **extra: Any
) -> Customer:
    body = {"name": "Dana Customer", "email": "dana@example.com", "message": message, **extra}
    response = await http.post("/api/v1/chat/sessions", json=body)
    assert response.status_code == 201, response.text
    answer = response.json()
    return Customer(http, answer["session_id"], answer["token"], server)


async def next_event(socket: ClientConnection, kind: str, timeout: float = 5.0) -> dict[str, Any]:
    """The next event of type ``kind`` (others are skipped)."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"no {kind!r} event within {timeout} s")
        raw = await asyncio.wait_for(socket.recv(), remaining)
        event = json.loads(raw)
        if event.get("type") == kind:
            return dict(event)


async def drain(socket: ClientConnection, quiet: float = 0.3) -> list[dict[str, Any]]:
    """Every event that arrives until the socket is quiet for ``quiet`` seconds."""
    events = []
    while True:
        try:
            raw = await asyncio.wait_for(socket.recv(), quiet)
        except TimeoutError:
            return events
        events.append(json.loads(raw))


@dataclass(frozen=True)
class Kit:
    """The helpers above, handed to test modules as a fixture (test files do not import
    each other under ``--import-mode=importlib``)."""

    log_in: Callable[..., Any] = log_in
    start_chat: Callable[..., Any] = start_chat
    next_event: Callable[..., Any] = next_event
    drain: Callable[..., Any] = drain


@pytest.fixture
def kit() -> Kit:
    return Kit()
