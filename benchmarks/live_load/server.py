"""A throw-away PostgreSQL database and a real Frontline server process for one benchmark run.

The server is ``frontline serve --no-access-log --log-level warning``: the production path
(the app factory under uvicorn, permessage-deflate off) without a log line per request or
socket, in its own process, so its CPU and memory can be read from ``/proc`` apart from the
load generators'.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psycopg

ADMIN = ("bench-admin", "bench admin password")
PG = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class BenchDatabase:
    """``CREATE DATABASE frontline_bench_<pid>`` on enter, ``DROP`` (forced) on exit."""

    def __init__(self) -> None:
        self.name = f"frontline_bench_{os.getpid()}"
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{self.name}"

    def __enter__(self) -> BenchDatabase:
        with psycopg.connect(PG, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{self.name}"')
        return self

    def __exit__(self, *_: object) -> None:
        with psycopg.connect(PG, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def backend_pids(self) -> list[int]:
        with psycopg.connect(PG, autocommit=True) as db:
            rows = db.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.name,)
            ).fetchall()
        return [int(row[0]) for row in rows]


class BenchServer:
    """``frontline`` migrated, an admin created, then uvicorn serving the app on a free port."""

    def __init__(self, database: BenchDatabase) -> None:
        self.database = database
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.data_dir = Path(tempfile.mkdtemp(prefix="frontline-bench-"))
        self.process: subprocess.Popen[bytes] | None = None
        bin_dir = Path(sys.executable).parent
        self.frontline = str(bin_dir / "frontline")
        self.env = {
            **os.environ,
            "FRONTLINE_DATABASE_URL": database.url,
            "FRONTLINE_DATA_DIR": str(self.data_dir),
            "FRONTLINE_SECRET_KEY": "b" * 48,
            "FRONTLINE_COOKIE_SECURE": "false",
            # setup only: 500 accounts are created and log in once, before the timed phase
            "FRONTLINE_ARGON2_TIME_COST": "1",
            "FRONTLINE_ARGON2_MEMORY_KIB": "1024",
            "FRONTLINE_LOGIN_MAX_PER_ADDRESS": "1000000",
            # every simulated customer comes from 127.0.0.1
            "FRONTLINE_CHAT_SESSIONS_PER_ADDRESS": "1000000000",
        }

    def start(self) -> None:
        subprocess.run([self.frontline, "db", "upgrade"], env=self.env, check=True)
        user, password = ADMIN
        subprocess.run(
            [
                self.frontline,
                "users",
                "create",
                "--username",
                user,
                "--password",
                password,
                "--role",
                "admin",
            ],
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        log = open(self.data_dir / "server.log", "wb")  # noqa: SIM115 - lives with the process
        self.process = subprocess.Popen(
            [
                self.frontline,
                "serve",
                "--port",
                str(self.port),
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited; see {self.data_dir / 'server.log'}")
            try:
                if httpx.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("server did not come up within 60 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
