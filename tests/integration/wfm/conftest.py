"""Fixtures for the schedule and adherence API tests, on SQLite and on PostgreSQL.

The schema is migrated once per engine and emptied before each test. The WFM runtime gets a
clock the test moves (`FrozenClock`), so "now" for adherence and alerts is exact. Requests go
in-process through httpx's ASGI transport on a fresh event loop per request.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from tests.support.databases import BACKENDS, FrozenClock, SyncAsgiTransport, migrated_engine, wipe

from frontline.bootstrap import Container, build_container, create_app
from frontline.config import Settings
from frontline.domain.org.roles import Role
from frontline.service import agents, teams, users
from frontline.service.access import SYSTEM
from frontline.service.wfm.runtime import WfmRuntime

PASSWORD = "correct horse"
MONDAY = datetime(2026, 3, 2, tzinfo=UTC)  # schedules in these tests cover 2026-03-02..08


class MondayClock(FrozenClock):
    """The clock these tests read: `set(hours)` means Monday 00:00 UTC plus `hours`."""

    def set(self, hours: float) -> None:  # type: ignore[override]
        self.current = MONDAY + timedelta(hours=hours)


@pytest.fixture(scope="session", params=BACKENDS)
def wfm_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    yield from migrated_engine(request, tmp_path_factory, "wfm")


@pytest.fixture
def clock() -> MondayClock:
    return MondayClock(MONDAY + timedelta(hours=8))


@pytest.fixture
def container(wfm_engine: Engine, tmp_path: Path, clock: MondayClock) -> Container:
    wipe(wfm_engine)
    settings = Settings(
        data_dir=tmp_path,
        database_url=wfm_engine.url.render_as_string(hide_password=False),
        secret_key="w" * 40,
        argon2_time_cost=1,
        argon2_memory_kib=8,
        login_max_per_username=10_000,
        login_max_per_address=10_000,
        migrate_on_start=False,
        sla_evaluate_seconds=0,
    )
    built = build_container(settings, engine=wfm_engine)
    assert built.wfm is not None
    return replace(built, wfm=replace(built.wfm, clock=clock))


@pytest.fixture
def wfm(container: Container) -> WfmRuntime:
    assert container.wfm is not None
    return container.wfm


@pytest.fixture
def api(container: Container) -> Iterator[httpx.Client]:
    app = create_app(container)
    with httpx.Client(transport=SyncAsgiTransport(app), base_url="https://testserver") as client:
        yield client
    container.live.stop()  # started lazily by a live command, if any test sent one


@dataclass
class Org:
    """Two teams with a lead each, three agents, and a login per person."""

    container: Container
    api: httpx.Client
    agent_ids: dict[str, int]
    user_ids: dict[str, int]
    team_ids: dict[str, int]

    def login(self, username: str) -> dict[str, str]:
        response = self.api.post(
            "/api/v1/auth/token", data={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _user(container: Container, name: str, *roles: Role) -> int:
    cmd = users.CreateUser(name, PASSWORD, frozenset(roles))
    return users.create_user(container.uow_factory(), SYSTEM, cmd, container.hasher).id


@pytest.fixture
def org(container: Container, api: httpx.Client) -> Org:
    uow = container.uow_factory
    user_ids = {
        "planner": _user(container, "planner", Role.WFM_ANALYST),
        "boss": _user(container, "boss", Role.SUPERVISOR),
        "north-lead": _user(container, "north-lead", Role.TEAM_LEAD),
        "south-lead": _user(container, "south-lead", Role.TEAM_LEAD),
    }
    team_ids = {
        "north": teams.create_team(
            uow(), SYSTEM, teams.CreateTeam("north", lead_user_id=user_ids["north-lead"])
        ).id,
        "south": teams.create_team(
            uow(), SYSTEM, teams.CreateTeam("south", lead_user_id=user_ids["south-lead"])
        ).id,
    }
    agent_ids = {}
    for name, team in (("ann", "north"), ("bob", "north"), ("cid", "south")):
        user_ids[name] = _user(container, name, Role.AGENT)
        agent = agents.create_agent(
            uow(), SYSTEM, agents.CreateAgent(user_ids[name], team_ids[team])
        )
        agent_ids[name] = agent.id
    return Org(container, api, agent_ids, user_ids, team_ids)
