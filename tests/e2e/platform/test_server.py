"""The real thing: ``frontline serve`` and ``frontline demo`` as processes, logged into over TCP."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from frontline.adapters.db import migrate
from frontline.adapters.db.engine import make_engine
from frontline.adapters.db.uow import SqlUnitOfWorkFactory
from frontline.adapters.security.passwords import Argon2PasswordHasher
from frontline.config import Settings
from frontline.domain.org.roles import Role
from frontline.service import users
from frontline.service.access import SYSTEM

FRONTLINE = Path(__file__).resolve().parents[3] / ".venv" / "bin" / "frontline"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cheap_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTLINE_")}
    env.update({"FRONTLINE_ARGON2_TIME_COST": "1", "FRONTLINE_ARGON2_MEMORY_KIB": "8"})
    return env


@contextmanager
def running(args: list[str], cwd: Path, env: dict[str, str], port: int) -> Iterator[str]:
    process = subprocess.Popen(
        [str(FRONTLINE), *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(
                    f"server exited early:\n{process.stdout.read() if process.stdout else ''}"
                )
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("server did not become healthy within 60 s")
        yield base
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
    assert "Traceback" not in output, output


def create_admin(data_dir: Path, username: str, password: str) -> None:
    """Create a user straight in the SQLite file the server will use (as `users create` does)."""
    settings = Settings.from_env({"FRONTLINE_DATA_DIR": str(data_dir)})
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    cmd = users.CreateUser(username, password, frozenset({Role.ADMIN}))
    hasher = Argon2PasswordHasher(time_cost=1, memory_cost=8)
    users.create_user(SqlUnitOfWorkFactory(engine)(), SYSTEM, cmd, hasher)
    engine.dispose()


def token(base: str, username: str, password: str) -> str:
    response = httpx.post(
        f"{base}/api/v1/auth/token", data={"username": username, "password": password}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


@pytest.mark.slow
def test_serve_applies_migrations_and_an_existing_user_logs_in(tmp_path: Path) -> None:
    env = cheap_env(tmp_path)
    env["FRONTLINE_DATA_DIR"] = str(tmp_path / "data")
    created = subprocess.run(
        [
            str(FRONTLINE),
            "users",
            "create",
            "--username",
            "root",
            "--password",
            "pw-1234",
            "--role",
            "admin",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert created.returncode == 0, created.stderr
    port = free_port()
    with running(["serve", "--port", str(port)], tmp_path, env, port) as base:
        headers = {"Authorization": f"Bearer {token(base, 'root', 'pw-1234')}"}
        assert httpx.get(f"{base}/api/v1/users/me", headers=headers).json()["username"] == "root"
        assert httpx.get(f"{base}/docs").status_code == 200
        assert "/api/v1/users" in httpx.get(f"{base}/openapi.json").json()["paths"]
        users = httpx.get(f"{base}/api/v1/users", headers=headers).json()
        assert users["total"] == 1  # serve never creates default users
    assert (tmp_path / "data" / "secret_key").exists()


@pytest.mark.slow
def test_demo_seeds_the_documented_logins_in_the_current_directory(tmp_path: Path) -> None:
    create_admin(tmp_path / "data", "admin", "not-demo")  # existing records are left alone
    port = free_port()
    with running(["demo", "--port", str(port)], tmp_path, cheap_env(tmp_path), port) as base:
        headers = {"Authorization": f"Bearer {token(base, 'admin', 'not-demo')}"}
        users = httpx.get(f"{base}/api/v1/users?limit=100", headers=headers).json()
        names = sorted(u["username"] for u in users["items"])
        assert names == sorted(["admin", "supervisor"] + [f"agent{n}" for n in range(1, 13)])
        queues = httpx.get(f"{base}/api/v1/queues", headers=headers).json()["items"]
        assert {q["name"] for q in queues} == {
            "general",
            "billing",
            "tech-support",
            "french",
            "support-email",
        }
        agent = {"Authorization": f"Bearer {token(base, 'agent7', 'demo')}"}
        mine = httpx.get(f"{base}/api/v1/agents/me", headers=agent).json()
        assert "general" in [q["name"] for q in mine["queues"]]
    assert (tmp_path / "data" / "frontline.db").exists()
