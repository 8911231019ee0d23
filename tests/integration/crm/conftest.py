"""Fixtures for the CRM API tests: the same tests run on SQLite and on PostgreSQL.

The schema is migrated once per engine and emptied before each test. The app gets a clock the
test controls (`FrozenClock`), so SLA states can be checked across a weekend without waiting.
Requests go in-process through httpx's ASGI transport on a fresh event loop per request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from tests.support.databases import BACKENDS, FrozenClock, SyncAsgiTransport, migrated_engine, wipe

from frontline.bootstrap import Container, build_container, create_app
from frontline.config import Settings
from frontline.domain.channels import Channel
from frontline.domain.org.roles import Role
from frontline.service import agents, customers, queues, skills, teams, users
from frontline.service.access import SYSTEM
from frontline.service.crm.runtime import CrmRuntime

PASSWORD = "correct horse"
MONDAY_9 = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)  # a Monday, 09:00 UTC


@pytest.fixture(scope="session", params=BACKENDS)
def crm_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    yield from migrated_engine(request, tmp_path_factory, "crm")


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(MONDAY_9)


@pytest.fixture
def container(crm_engine: Engine, tmp_path: Path, clock: FrozenClock) -> Container:
    wipe(crm_engine)
    settings = Settings(
        data_dir=tmp_path,
        database_url=crm_engine.url.render_as_string(hide_password=False),
        secret_key="k" * 40,
        argon2_time_cost=1,
        argon2_memory_kib=8,
        login_max_per_username=10_000,
        login_max_per_address=10_000,
        migrate_on_start=False,
        sla_evaluate_seconds=0,
    )
    built = build_container(settings, engine=crm_engine)
    return replace(built, crm=CrmRuntime(built.crm.uow, clock))


@pytest.fixture
def app(container: Container) -> FastAPI:
    return create_app(container)


@pytest.fixture
def api(app: FastAPI) -> Iterator[httpx.Client]:
    with httpx.Client(transport=SyncAsgiTransport(app), base_url="https://testserver") as client:
        yield client


@dataclass
class Org:
    """A small organisation: queues, a team, agents of tiers 1 and 2, staff, one customer."""

    ids: dict[str, int]
    headers: dict[str, dict[str, str]]
    customer_id: int

    def h(self, who: str) -> dict[str, str]:
        return self.headers[who]


STAFF = {
    "admin": Role.ADMIN,
    "super": Role.SUPERVISOR,
    "lead": Role.TEAM_LEAD,
    "qa": Role.QA_ANALYST,
    "trainer": Role.TRAINER,
    "wfm": Role.WFM_ANALYST,
}
AGENTS = {  # username: skills
    "ann": {"billing": 3},  # tier 1, billing queue, on the lead's team
    "ben": {"billing": 3},  # tier 1, billing queue
    "tia": {"billing": 3, "tier-2": 1},  # tier 2, billing queue
    "sam": {"tech": 3},  # tier 1, tech queue only
}


@pytest.fixture
def org(container: Container, api: httpx.Client) -> Org:
    make = container.uow_factory
    ids: dict[str, int] = {}
    for name in ("billing", "tech", "tier-2"):
        skills.create_skill(make(), SYSTEM, skills.CreateSkill(name))
    for username, role in STAFF.items():
        cmd = users.CreateUser(username, PASSWORD, frozenset({role}), username.title())
        ids[username] = users.create_user(make(), SYSTEM, cmd, container.hasher).id
    team = teams.create_team(make(), SYSTEM, teams.CreateTeam("North", "", ids["lead"]))
    for username, levels in AGENTS.items():
        cmd = users.CreateUser(username, PASSWORD, frozenset({Role.AGENT}), username.title())
        ids[username] = users.create_user(make(), SYSTEM, cmd, container.hasher).id
        team_id = team.id if username == "ann" else None
        capacity = {Channel.CHAT: 3, Channel.EMAIL: 3, Channel.VOICE: 1}
        agents.create_agent(
            make(), SYSTEM, agents.CreateAgent(ids[username], team_id, levels, capacity)
        )
    for name, skill in (("billing", "billing"), ("tech", "tech")):
        channels = frozenset({Channel.CHAT, Channel.EMAIL, Channel.VOICE})
        queues.create_queue(make(), SYSTEM, queues.CreateQueue(name, channels, {skill: 1}))
    customer = customers.create_customer(
        make(), SYSTEM, customers.CreateCustomer("Dana Customer", ["dana@example.com"])
    )
    headers = {}
    for username in ids:
        response = api.post("/api/v1/auth/token", data={"username": username, "password": PASSWORD})
        assert response.status_code == 200, response.text
        headers[username] = {"Authorization": f"Bearer {response.json()['access_token']}"}
    return Org(ids, headers, customer.id)


@pytest.fixture
def call(api: httpx.Client) -> Callable[..., Any]:
    """``call(method, path, headers, expect=200, **kwargs)`` → the JSON answer."""

    def run(method: str, path: str, headers: dict[str, str], expect: int = 200, **kw: Any) -> Any:
        response = api.request(method, path, headers=headers, **kw)
        assert response.status_code == expect, (
            f"{method} {path}: {response.status_code} {response.text}"
        )
        return response.json() if response.content else None

    return run
