"""A real server (uvicorn, real routing service) on SQLite and PostgreSQL for per-queue
dispositions and the timeline: each test gets an emptied database with a supervisor, a team
lead, an admin, two agents (one in a team with the lead) and two chat queues."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from tests.support.databases import BACKENDS, migrated_engine, wipe
from tests.support.servers import ThreadedServer, server_settings
from websockets.sync.client import ClientConnection, connect

from frontline.bootstrap import Container, build_container
from frontline.domain.channels import Channel
from frontline.domain.org.roles import Role
from frontline.service import agents, queues, teams, users
from frontline.service.access import SYSTEM

PASSWORD = "correct horse"


@pytest.fixture(scope="session", params=BACKENDS)
def finish_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    yield from migrated_engine(request, tmp_path_factory, "finish")


def _seed(container: Container) -> dict[str, int]:
    make = container.uow_factory
    ids: dict[str, int] = {}
    for username, role in (("super", Role.SUPERVISOR), ("lead", Role.TEAM_LEAD)):
        cmd = users.CreateUser(username, PASSWORD, frozenset({role}), username.title())
        ids[username] = users.create_user(make(), SYSTEM, cmd, container.hasher).id
    cmd = users.CreateUser("boss", PASSWORD, frozenset({Role.ADMIN}), "Boss")
    ids["boss"] = users.create_user(make(), SYSTEM, cmd, container.hasher).id
    team = teams.create_team(make(), SYSTEM, teams.CreateTeam("North", "", ids["lead"]))
    for username in ("ann", "ben"):
        cmd = users.CreateUser(username, PASSWORD, frozenset({Role.AGENT}), username.title())
        ids[username] = users.create_user(make(), SYSTEM, cmd, container.hasher).id
        capacity = {Channel.CHAT: 2, Channel.EMAIL: 0, Channel.VOICE: 0}
        team_id = team.id if username == "ann" else None
        agents.create_agent(
            make(), SYSTEM, agents.CreateAgent(ids[username], team_id, {}, capacity)
        )
    for name in ("general", "sales"):
        queues.create_queue(make(), SYSTEM, queues.CreateQueue(name, frozenset({Channel.CHAT})))
    return ids


@dataclass
class Api:
    """A running server, a client, and a bearer token per username on demand."""

    http: httpx.Client
    ids: dict[str, int]
    engine: Engine
    tokens: dict[str, str]

    def token(self, who: str) -> str:
        if who not in self.tokens:
            answer = self.http.post(
                "/api/v1/auth/token", data={"username": who, "password": PASSWORD}
            )
            assert answer.status_code == 200, answer.text
            self.tokens[who] = answer.json()["access_token"]
        return self.tokens[who]

    def call(self, method: str, path: str, who: str | None, expect: int = 200, **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token(who)}"} if who else {}
        answer = self.http.request(method, path, headers=headers, **kw)
        assert answer.status_code == expect, f"{method} {path}: {answer.status_code} {answer.text}"
        return answer.json() if answer.content else None

    def desk(self, who: str) -> ClientConnection:
        """The agent's desktop socket (offers go only to connected agents)."""
        base = str(self.http.base_url).replace("http://", "ws://").rstrip("/")
        return connect(f"{base}/ws/agent?token={self.token(who)}", open_timeout=5)

    def queue_id(self, name: str) -> int:
        page = self.call("GET", "/api/v1/queues", "super", params={"name": name})
        return int(next(q["id"] for q in page["items"] if q["name"] == name))

    def chat_in_wrap_up(self, who: str, queue: str) -> int:
        """A customer chat on ``queue`` taken, and ended, by agent ``who``."""
        with self.desk(who) as desk:
            self.call("PUT", "/api/v1/agents/me/state", who, json={"state": "available"})
            body = {"name": "Dana", "email": "dana@example.com", "message": "hi", "queue": queue}
            answer = self.http.post("/api/v1/chat/sessions", json=body)
            assert answer.status_code == 201, answer.text
            session = int(answer.json()["session_id"])
            next_event(desk, "offer")
        self.call("POST", f"/api/v1/interactions/{session}/accept", who)
        self.call("POST", f"/api/v1/interactions/{session}/end", who)
        return session


def next_event(socket: ClientConnection, kind: str, timeout: float = 5.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"no {kind!r} event within {timeout} s"
        event = json.loads(socket.recv(timeout=remaining))
        if event.get("type") == kind:
            return dict(event)


@pytest.fixture
def api(finish_engine: Engine, tmp_path: Path) -> Iterator[Api]:
    wipe(finish_engine)
    settings = server_settings(finish_engine, tmp_path)
    ids = _seed(build_container(settings, engine=finish_engine))
    server = ThreadedServer(settings, finish_engine)
    server.start()
    try:
        with httpx.Client(base_url=server.base, timeout=10) as http:
            yield Api(http, ids, finish_engine, {})
    finally:
        server.stop()


@pytest.fixture
def clean_engine(finish_engine: Engine) -> Engine:
    """The migrated database, emptied, with no server (for repository-level tests)."""
    wipe(finish_engine)
    return finish_engine
