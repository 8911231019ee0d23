"""The platform CLI commands: ``db upgrade``, ``users create`` and their error lines."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontline.adapters.db.migrate import head_revision
from frontline.entrypoints.cli.errors import CliError
from frontline.entrypoints.cli.main import app

FRONTLINE = Path(__file__).resolve().parents[3] / ".venv" / "bin" / "frontline"


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = {
        "FRONTLINE_DATA_DIR": str(tmp_path / "data"),
        "FRONTLINE_DATABASE_URL": f"sqlite+pysqlite:///{tmp_path / 'cli.db'}",
        "FRONTLINE_ARGON2_TIME_COST": "1",
        "FRONTLINE_ARGON2_MEMORY_KIB": "8",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(FRONTLINE), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_db_upgrade_is_idempotent(cli_env: dict[str, str]) -> None:
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(app, ["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert f"is at revision {head_revision()}" in result.output


def test_users_create_then_duplicate_is_one_readable_line(cli_env: dict[str, str]) -> None:
    runner = CliRunner()
    args = ["users", "create", "--username", "Boss", "--password", "s3cret!", "--role", "admin"]
    created = runner.invoke(app, args)
    assert created.exit_code == 0, created.output
    assert "created user boss (id 1) with role(s) admin" in created.output
    again = runner.invoke(app, args)
    assert isinstance(again.exception, CliError)
    assert str(again.exception) == "username 'boss' is already taken"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["users", "create", "--username", "x", "--password", "pw12", "--role", "king"],
            "unknown role 'king'; choose from agent, team_lead",
        ),
        (["users", "create", "--username", "x"], "users create needs --username, --password"),
        (
            ["users", "create", "--username", "x y", "--password", "pw12", "--role", "agent"],
            "username must be 1-64 characters",
        ),
        (["serve", "--port", "70000"], "port must be between 1 and 65535, got 70000"),
        (["serve", "--gil-switch-ms", "0"], "GIL switch interval must be between 0.05 and 100"),
        (["demo", "--port", "0"], "port must be between 1 and 65535, got 0"),
    ],
)
def test_bad_input_raises_a_cli_error(
    cli_env: dict[str, str], args: list[str], message: str
) -> None:
    result = CliRunner().invoke(app, args)
    assert isinstance(result.exception, CliError)
    assert str(result.exception).startswith(message)


@pytest.mark.parametrize("command", ["serve", "demo"])
def test_a_port_in_use_is_one_clear_line(cli_env: dict[str, str], command: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, [command, "--port", str(port)])
    assert isinstance(result.exception, CliError)
    assert str(result.exception) == (
        f"port {port} on 127.0.0.1 is already in use; choose another with --port"
    )


def test_an_address_that_cannot_be_bound_is_one_clear_line(cli_env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["serve", "--host", "192.0.2.1", "--port", "8080"])
    assert isinstance(result.exception, CliError)
    assert str(result.exception).startswith("cannot listen on 192.0.2.1:8080: ")


def test_errors_reach_the_terminal_as_one_line_and_exit_1(cli_env: dict[str, str]) -> None:
    result = run_cli(cli_env, "users", "create", "--username", "x", "--password", "pw12")
    assert result.returncode == 1
    assert (
        result.stderr
        == "error: users create needs --username, --password and at least one --role\n"
    )


def test_unreachable_database_is_one_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", "postgresql+psycopg://nobody:pw@127.0.0.1:1/none")
    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert isinstance(result.exception, CliError)
    message = str(result.exception)
    assert message.startswith("database postgresql+psycopg://nobody:***@127.0.0.1:1/none: ")
    assert "\n" not in message and "pw" not in message.replace("psycopg", "")


def test_help_lists_the_platform_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("serve", "demo", "db", "users"):
        assert command in result.output
