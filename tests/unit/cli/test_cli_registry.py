"""The lazy command table in `main` must name exactly what each module registers."""

from __future__ import annotations

import importlib

import typer
from typer.main import get_group

from frontline.entrypoints.cli import main


def _registered(module_name: str) -> set[str]:
    app = typer.Typer()

    @app.callback()
    def _root() -> None: ...

    importlib.import_module(f"frontline.entrypoints.cli.{module_name}").register(app)
    return set(get_group(app).commands)


def test_every_module_registers_exactly_the_commands_listed() -> None:
    for module_name, commands in main.COMMAND_MODULES.items():
        assert _registered(module_name) == set(commands), module_name


def test_a_known_command_loads_only_its_module() -> None:
    app = main.build_app("erlang")
    assert set(get_group(app).commands) == {"erlang", "staff"}


def test_unknown_or_missing_command_loads_everything() -> None:
    everything = {c for commands in main.COMMAND_MODULES.values() for c in commands}
    assert set(get_group(main.build_app(None)).commands) == everything
    assert set(get_group(main.build_app("no-such-command")).commands) == everything
