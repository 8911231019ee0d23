"""The `frontline` command: one Typer app, each command group in its own module.

Each module exposes ``register(app)``; keeping registration in the modules lets every
capability own its commands without this file growing with them. Command modules import heavy
libraries (scipy, SQLAlchemy, uvicorn), so `run()` loads only the module that owns the command
being invoked: `frontline erlang ...` then starts in a fraction of a second instead of paying
for every capability. `--help` and unknown commands load everything.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

import typer

from frontline.entrypoints.cli.errors import CliError

_PACKAGE = "frontline.entrypoints.cli"

COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "platform_cmds": ("serve", "demo", "db", "users"),
    "queueing_cmds": ("erlang", "staff"),
    "simulate_cmds": ("simulate",),
    "forecast_cmds": ("forecast",),
    "schedule_cmds": ("schedule",),
    "plan_cmds": ("plan", "staff-sim"),
    "bot_cmds": ("bot",),
    "crm_cmds": ("customers",),
    "interactions_cmds": ("interactions",),
}
"""Which module registers which top-level commands (kept in step by a test)."""


def _new_app() -> typer.Typer:
    app = typer.Typer(
        name="frontline",
        help="Frontline contact-center platform.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )

    @app.callback()
    def _root() -> None:
        """Frontline contact-center platform."""

    return app


def build_app(command: str | None = None) -> typer.Typer:
    """The CLI with every command, or only the module that owns `command` when it is known."""
    owners = [name for name, commands in COMMAND_MODULES.items() if command in commands]
    app = _new_app()
    for name in owners or COMMAND_MODULES:
        module: ModuleType = importlib.import_module(f"{_PACKAGE}.{name}")
        module.register(app)
    return app


def __getattr__(name: str) -> typer.Typer:
    """`main.app` is the full CLI, built on first use (tests and documentation tools use it)."""
    if name == "app":
        full = build_app()
        globals()["app"] = full
        return full
    raise AttributeError(name)


def run() -> None:
    """Console-script entry: turn expected failures into one readable line and exit 1."""
    command = sys.argv[1] if len(sys.argv) > 1 else None
    try:
        build_app(command)()
    except CliError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
