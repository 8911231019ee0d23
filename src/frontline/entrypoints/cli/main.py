"""The `frontline` command: one Typer app, each command group in its own module.

Each module exposes ``register(app)``; keeping registration in the modules lets every
capability own its commands without this file growing with them.
"""

from __future__ import annotations

import sys

import typer

from frontline.entrypoints.cli import (
    bot_cmds,
    forecast_cmds,
    plan_cmds,
    platform_cmds,
    queueing_cmds,
    schedule_cmds,
    simulate_cmds,
)
from frontline.entrypoints.cli.errors import CliError

app = typer.Typer(
    name="frontline",
    help="Frontline contact-center platform.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _module in (
    platform_cmds,
    queueing_cmds,
    simulate_cmds,
    forecast_cmds,
    schedule_cmds,
    plan_cmds,
    bot_cmds,
):
    _module.register(app)


def run() -> None:
    """Console-script entry: turn expected failures into one readable line and exit 1."""
    try:
        app()
    except CliError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
