"""One way to get a migrated database per engine, empty it between tests, and fake the clock.

Every integration suite runs its scenarios on SQLite and on PostgreSQL; these helpers keep the
engine setup, the wipe between tests and the in-process HTTP transport identical across suites.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, event, text

from frontline.adapters.db import migrate
from frontline.adapters.db.engine import make_engine
from frontline.adapters.db.tables import Base

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
"""Parameters for a session-scoped engine fixture: the same tests on both engines."""


@contextmanager
def sql_sent(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Statements and parameters sent to ``engine``'s database meanwhile, one per cursor
    execution, as the driver got them: how tests count round trips (no query per row) and
    check what a read or write actually ran."""
    sent: list[tuple[str, Any]] = []

    def record(*args: Any) -> None:
        sent.append((str(args[2]), args[3]))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def migrated_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, name: str
) -> Iterator[Engine]:
    """Body of an engine fixture parametrised with `BACKENDS`: migrate, yield, dispose."""
    if request.param == "sqlite":
        url = f"sqlite+pysqlite:///{tmp_path_factory.mktemp(name) / f'{name}.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


def wipe(engine: Engine) -> None:
    """Empty every table (identities restarted on PostgreSQL), keeping the schema."""
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - fixed names


class FrozenClock:
    """The `Clock` port, moved by the test."""

    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current

    def set(self, moment: datetime) -> None:
        self.current = moment


class SyncAsgiTransport(httpx.BaseTransport):
    """A synchronous httpx transport into an ASGI app (Starlette's TestClient warns on import)."""

    def __init__(self, app: FastAPI) -> None:
        self._transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50000))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def run() -> httpx.Response:
            response = await self._transport.handle_async_request(request)
            body = await response.aread()
            return httpx.Response(
                response.status_code, headers=response.headers, content=body, request=request
            )

        return asyncio.run(run())
