"""Platform commands: ``serve``, ``demo``, ``db upgrade`` and ``users create``.

The HTTP app itself is built by ``frontline.bootstrap``; uvicorn imports it by name
(``frontline.bootstrap:app_from_environment``), which keeps this entrypoint below the composition
root in the layer contract. The database commands only need the storage adapters.
"""

from __future__ import annotations

import errno
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer
import uvicorn
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from frontline.adapters.db import migrate
from frontline.adapters.db.engine import make_engine
from frontline.adapters.db.repositories.crm_uow import SqlCrmUnitOfWorkFactory
from frontline.adapters.db.uow import SqlUnitOfWorkFactory
from frontline.adapters.security.passwords import Argon2PasswordHasher
from frontline.config import ConfigError, Settings
from frontline.domain.org.errors import DomainError
from frontline.domain.org.roles import Role
from frontline.entrypoints.cli import demo_traffic
from frontline.entrypoints.cli.errors import CliError
from frontline.entrypoints.http_protocol import UpgradeReleasingHttpProtocol
from frontline.entrypoints.log_redaction import uvicorn_log_config
from frontline.service import demo_seed, users
from frontline.service.access import SYSTEM
from frontline.service.crm.clock import SystemClock
from frontline.service.crm.runtime import CrmRuntime

APP_FACTORY = "frontline.bootstrap:app_from_environment"
DEMO_APP_FACTORY = "frontline.bootstrap:demo_app_from_environment"
WS_IMPL = "websockets-sansio"  # uvicorn's WebSocket protocol on the maintained websockets API
HTTP_IMPL = UpgradeReleasingHttpProtocol  # httptools, without a cycle per WebSocket upgrade
# Socket frames are small JSON events: compressing them saves a few bytes and costs a zlib
# context per socket plus CPU on every frame, on the server that fans out to every desktop.
WS_DEFLATE = False
LOG_LEVELS = ("critical", "error", "warning", "info", "debug")
# How long a thread may keep the GIL while another waits for it. The server's event loop
# gives the GIL up at every socket read and write and then waits for it again; behind a
# routing worker or a database read in another thread, Python's default (5 ms) was that
# wait, over and over per request. 1 ms cut the live benchmark's p50 latencies by half and
# its tails by an order of magnitude (docs/benchmarks/live.md) at no measurable CPU cost.
GIL_SWITCH_MS = 1.0


def _switch_interval(ms: float) -> None:
    if not 0.05 <= ms <= 100:
        raise CliError(f"GIL switch interval must be between 0.05 and 100 ms, got {ms:g}")
    sys.setswitchinterval(ms / 1000)


def settings_from_env() -> Settings:
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    if settings.uses_sqlite_file:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return settings


def _safe_url(settings: Settings) -> str:
    return make_url(settings.database_url).render_as_string(hide_password=True)


@contextmanager
def migrated_engine(settings: Settings) -> Iterator[Engine]:
    """An engine on an up-to-date schema; database failures become one readable line."""
    try:
        engine = make_engine(settings.database_url)
    except (SQLAlchemyError, ValueError) as exc:
        raise CliError(f"bad FRONTLINE_DATABASE_URL: {exc}") from None
    try:
        migrate.upgrade(engine)
        yield engine
    except SQLAlchemyError as exc:
        cause = getattr(exc, "orig", None) or exc
        reason = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
        raise CliError(f"database {_safe_url(settings)}: {reason}") from None
    finally:
        engine.dispose()


def _hasher(settings: Settings) -> Argon2PasswordHasher:
    return Argon2PasswordHasher(settings.argon2_time_cost, settings.argon2_memory_kib)


def _check_port(port: int, host: str = "127.0.0.1") -> None:
    """A port in range that nothing listens on yet. Checked before migrations and seeding,
    so a second ``demo`` on a busy port says so in one line instead of seeding, starting and
    then failing inside the server with a traceback."""
    if not 1 <= port <= 65535:
        raise CliError(f"port must be between 1 and 65535, got {port}")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise CliError(
                    f"port {port} on {host} is already in use; choose another with --port"
                ) from None
            raise CliError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


def serve(
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, help="TCP port"),
    no_access_log: bool = typer.Option(
        False, "--no-access-log", help="no log line per request (busy servers: it costs CPU)"
    ),
    log_level: str = typer.Option(
        "info", help="warning: also no lines per WebSocket opened and closed"
    ),
    gil_switch_ms: float = typer.Option(
        GIL_SWITCH_MS, help="how long a thread may hold the GIL while the event loop waits"
    ),
) -> None:
    """Run the API server (applies database migrations first)."""
    _check_port(port, host)
    _switch_interval(gil_switch_ms)
    if log_level not in LOG_LEVELS:
        raise CliError(f"log level must be one of {', '.join(LOG_LEVELS)}, got {log_level!r}")
    settings = settings_from_env()
    with migrated_engine(settings):
        pass
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        http=HTTP_IMPL,
        ws=WS_IMPL,
        ws_per_message_deflate=WS_DEFLATE,
        access_log=not no_access_log,
        log_level=log_level,
        log_config=uvicorn_log_config(),  # socket URLs carry tokens: masked in every log line
    )


def demo(
    port: int = typer.Option(8000, help="TCP port on 127.0.0.1"),
    no_traffic: bool = typer.Option(
        False, "--no-traffic", help="no simulated customers and agents: only the people"
    ),
) -> None:
    """Start Frontline with a demo organisation (logins admin, supervisor, agent1-12 / demo),
    simulated customers chatting and simulated agents agent2-12 answering them."""
    _check_port(port)
    _switch_interval(GIL_SWITCH_MS)
    settings = settings_from_env()
    with migrated_engine(settings) as engine:
        crm = CrmRuntime(SqlCrmUnitOfWorkFactory(engine), SystemClock())
        report = demo_seed.seed_demo(SqlUnitOfWorkFactory(engine), _hasher(settings), crm)
    created = f"created {len(report.created)} demo records" if report.created else "already seeded"
    url = f"http://127.0.0.1:{port}"
    typer.echo(f"Frontline demo ({created}; database {_safe_url(settings)})")
    typer.echo(f"  agent desktop: {url}/agent      (log in as agent1: the agent left for you)")
    typer.echo(f"  wallboard:     {url}/wallboard  (log in as supervisor)")
    typer.echo(f"  customer view: {url}/chat-demo  (a sample site with the chat widget)")
    typer.echo(f"  API docs:      {url}/docs       token: POST {url}/api/v1/auth/token")
    typer.echo(f"  logins (password '{demo_seed.DEMO_PASSWORD}'): {', '.join(report.logins)}")
    traffic = None
    if no_traffic:
        typer.echo("  no simulated traffic (--no-traffic)")
    else:
        plan = demo_traffic.DemoTrafficPlan(
            base_url=url,
            password=demo_seed.DEMO_PASSWORD,
            agents=[f"agent{n}" for n in range(2, demo_seed.AGENT_COUNT + 1)],
            chats_per_minute=dict(demo_seed.DEMO_CHATS_PER_MINUTE),
        )
        traffic = demo_traffic.start_in_thread(plan)
        typer.echo("  simulated customers are chatting; agent2-agent12 are simulated agents")
    try:
        uvicorn.run(
            DEMO_APP_FACTORY,
            factory=True,
            host="127.0.0.1",
            port=port,
            http=HTTP_IMPL,
            ws=WS_IMPL,
            ws_per_message_deflate=WS_DEFLATE,
            access_log=False,  # quiet for newcomers: no line per request or socket
            log_level="warning",
            log_config=uvicorn_log_config(),  # socket URLs carry tokens: masked in every log line
        )
    finally:
        if traffic is not None:
            traffic[1].set()
            traffic[0].join(timeout=5)


def db_upgrade() -> None:
    """Apply the database migrations (idempotent)."""
    settings = settings_from_env()
    with migrated_engine(settings) as engine:
        revision = migrate.current_revision(engine)
    typer.echo(f"database {_safe_url(settings)} is at revision {revision}")


def users_create(
    username: str = typer.Option("", help="login name (required)"),
    password: str = typer.Option("", help="password (asked for when omitted on a terminal)"),
    role: list[str] = typer.Option([], help=f"role, repeatable: {', '.join(Role)}"),
) -> None:
    """Create a user with one or more roles."""
    if not password and username and sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not username or not password or not role:
        raise CliError("users create needs --username, --password and at least one --role")
    unknown = sorted(set(role) - {r.value for r in Role})
    if unknown:
        raise CliError(f"unknown role {unknown[0]!r}; choose from {', '.join(Role)}")
    settings = settings_from_env()
    cmd = users.CreateUser(username, password, frozenset(Role(r) for r in role))
    with migrated_engine(settings) as engine:
        try:
            user = users.create_user(SqlUnitOfWorkFactory(engine)(), SYSTEM, cmd, _hasher(settings))
        except DomainError as exc:
            raise CliError(str(exc)) from None
    typer.echo(f"created user {user.username} (id {user.id}) with role(s) {', '.join(role)}")


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the main app."""
    app.command()(serve)
    app.command()(demo)
    db_app = typer.Typer(help="Database schema commands.", no_args_is_help=True)
    db_app.command("upgrade")(db_upgrade)
    app.add_typer(db_app, name="db")
    users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
    users_app.command("create")(users_create)
    app.add_typer(users_app, name="users")
