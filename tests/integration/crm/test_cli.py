"""``frontline customers import`` against a real SQLite file (the CLI module is registered on
a fresh Typer app here; the product's main app lists it beside the other command modules)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from frontline.entrypoints.cli import crm_cmds
from frontline.entrypoints.cli.errors import CliError


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", f"sqlite+pysqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path))
    app = typer.Typer()
    crm_cmds.register(app)
    app.command("noop")(lambda: None)  # a second command keeps "customers" a group
    return app


def test_import_then_refuse_a_file_with_bad_rows(cli: typer.Typer, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("name,email,external_id\nAda,ada@example.com,A-1\nAlan,,A-2\n", "utf-8")
    result = CliRunner().invoke(cli, ["customers", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert "imported 2 customers" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("name,external_id\nGrace,A-3\n,A-4\nAgain,A-1\n", "utf-8")
    result = CliRunner().invoke(cli, ["customers", "import", str(bad)])
    assert isinstance(result.exception, CliError)
    assert "1 row(s) are invalid" in str(result.exception)  # the file's own faults come first
    assert "row 3: name must not be empty" in result.output
    bad.write_text("name,external_id\nGrace,A-3\nAgain,A-1\n", "utf-8")
    result = CliRunner().invoke(cli, ["customers", "import", str(bad)])
    assert isinstance(result.exception, CliError)
    assert "row 3: external_id 'A-1' belongs to an existing customer" in result.output
    again = CliRunner().invoke(cli, ["customers", "import", str(tmp_path / "missing.csv")])
    assert isinstance(again.exception, CliError)
