"""A real server (uvicorn, real routing service) for CRM-in-live-operation tests, on SQLite and
PostgreSQL: customer identification of arriving chats, merges, the timeline and scripts at
wrap-up. Each test gets an emptied database seeded with a small organisation; past history is
written straight into the tables (``History``), as years of operation would have left it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, insert
from tests.support.databases import BACKENDS, migrated_engine, wipe
from tests.support.servers import ThreadedServer, server_settings
from websockets.sync.client import connect

from frontline.adapters.db.live_tables import InteractionRow
from frontline.bootstrap import Container, build_container
from frontline.domain.channels import Channel
from frontline.domain.org.roles import Role
from frontline.service import agents, queues, skills, users
from frontline.service.access import SYSTEM

PASSWORD = "correct horse"
STAFF = {"super": Role.SUPERVISOR, "lead": Role.TEAM_LEAD, "boss": Role.ADMIN}
AGENTS = ("ann", "ben")
T0 = datetime(2024, 1, 8, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session", params=BACKENDS)
def crm_live_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    yield from migrated_engine(request, tmp_path_factory, "crm_live")


def _seed(container: Container) -> dict[str, int]:
    make = container.uow_factory
    skills.create_skill(make(), SYSTEM, skills.CreateSkill("billing"))
    ids: dict[str, int] = {}
    for username, role in STAFF.items():
        cmd = users.CreateUser(username, PASSWORD, frozenset({role}), username.title())
        ids[username] = users.create_user(make(), SYSTEM, cmd, container.hasher).id
    for username in AGENTS:
        cmd = users.CreateUser(username, PASSWORD, frozenset({Role.AGENT}), username.title())
        ids[username] = users.create_user(make(), SYSTEM, cmd, container.hasher).id
        capacity = {Channel.CHAT: 2, Channel.EMAIL: 2, Channel.VOICE: 0}
        agents.create_agent(
            make(), SYSTEM, agents.CreateAgent(ids[username], None, {"billing": 3}, capacity)
        )
    channels = frozenset({Channel.CHAT, Channel.EMAIL})
    queues.create_queue(make(), SYSTEM, queues.CreateQueue("billing", channels, {"billing": 1}))
    return ids


@dataclass
class History:
    """Writes past contacts of a customer directly into the live tables."""

    engine: Engine

    def interactions(
        self,
        customer_id: int,
        count: int,
        *,
        start: datetime = T0,
        step: timedelta = timedelta(hours=1),
        disposition: str | None = "resolved",
    ) -> None:
        rows = [
            {
                "channel": ("chat", "email")[n % 2],
                "queue": "billing",
                "status": "closed",
                "customer_id": customer_id,
                "customer_name": "Returning Customer",
                "customer_email": None,
                "created_at": start + n * step,
                "closed_at": start + n * step + timedelta(minutes=5),
                "disposition": disposition,
                "notes": f"contact number {n}",
                "subject": f"question {n}",
                "subject_key": f"question {n}",
            }
            for n in range(count)
        ]
        with self.engine.begin() as connection:
            connection.execute(insert(InteractionRow), rows)


@dataclass
class Api:
    """A running server and a logged-in client per username."""

    http: httpx.Client
    ids: dict[str, int]
    history: History
    container: Container
    tokens: dict[str, str]

    def h(self, who: str) -> dict[str, str]:
        if who not in self.tokens:
            answer = self.http.post(
                "/api/v1/auth/token", data={"username": who, "password": PASSWORD}
            )
            assert answer.status_code == 200, answer.text
            self.tokens[who] = answer.json()["access_token"]
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def desk(self, who: str) -> Any:
        """The agent's desktop socket (offers go only to connected agents); a context."""
        base = str(self.http.base_url).replace("http://", "ws://").rstrip("/")
        return connect(f"{base}/ws/agent?token={self.tokens_for(who)}", open_timeout=5)

    def tokens_for(self, who: str) -> str:
        self.h(who)
        return self.tokens[who]

    def call(self, method: str, path: str, who: str | None, expect: int = 200, **kw: Any) -> Any:
        headers = self.h(who) if who else {}
        answer = self.http.request(method, path, headers=headers, **kw)
        assert answer.status_code == expect, f"{method} {path}: {answer.status_code} {answer.text}"
        return answer.json() if answer.content else None


@pytest.fixture
def api(crm_live_engine: Engine, tmp_path: Path) -> Iterator[Api]:
    wipe(crm_live_engine)
    settings = server_settings(crm_live_engine, tmp_path)
    ids = _seed(build_container(settings, engine=crm_live_engine))
    server = ThreadedServer(settings, crm_live_engine)
    server.start()
    try:
        container = server.container
        assert container is not None
        with httpx.Client(base_url=server.base, timeout=10) as http:
            yield Api(http, ids, History(crm_live_engine), container, {})
    finally:
        server.stop()
