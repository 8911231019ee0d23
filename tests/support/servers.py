"""A real Frontline server for tests: uvicorn in a thread on a free loopback port.

Live, self-service and browser suites need real sockets (WebSockets, the routing service's
lifespan), so they share this one way of starting and stopping an app on a given database.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import uvicorn
from sqlalchemy import Engine
from tests.support.databases import free_port

from frontline.bootstrap import Container, build_container, create_app
from frontline.config import Settings
from frontline.entrypoints.cli.platform_cmds import HTTP_IMPL, WS_IMPL


def server_settings(engine: Engine, data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a test server on ``engine``: cheap password hashing and limits high enough
    that many logins and chats from 127.0.0.1 are never throttled; ``overrides`` on top."""
    base = Settings(
        data_dir=data_dir,
        database_url=engine.url.render_as_string(hide_password=False),
        secret_key="s" * 40,
        argon2_time_cost=1,
        argon2_memory_kib=8,
        login_max_per_username=10_000,
        login_max_per_address=10_000,
        cookie_secure=False,
        migrate_on_start=False,
        chat_sessions_per_address=10_000,
        chat_messages_per_session=10_000,
    )
    return replace(base, **overrides)


class ThreadedServer:
    """``restart`` stops the server and starts a new app on the same database, as a process
    restart would."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.settings = settings
        self.engine = engine
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.ws_base = f"ws://127.0.0.1:{self.port}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.container: Container | None = None

    def start(self) -> None:
        self.container = build_container(self.settings, engine=self.engine)
        config = uvicorn.Config(
            create_app(self.container),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            http=HTTP_IMPL,  # the protocols `frontline serve` runs
            ws=WS_IMPL,
            lifespan="on",
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=20)
        self._server = None

    def restart(self) -> None:
        self.stop()
        self.start()
