"""CRM commands: ``frontline customers import FILE.csv``.

The import runs the same use case as ``POST /api/v1/customers/import``: every row is checked
first, then all customers are inserted in one transaction, recorded as done by the system.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import typer
from sqlalchemy.exc import SQLAlchemyError

from frontline.adapters.db import migrate
from frontline.adapters.db.engine import make_engine
from frontline.adapters.db.repositories.crm_uow import SqlCrmUnitOfWorkFactory
from frontline.config import ConfigError, Settings
from frontline.domain.org.errors import DomainError
from frontline.entrypoints.cli.errors import CliError
from frontline.service.access import SYSTEM
from frontline.service.crm.customer_import import CsvRejected, import_customers

CHUNK = 64 * 1024


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def customers_import(
    file: Path = typer.Argument(..., help="CSV with a header row; 'name' is required"),
) -> None:
    """Import customers from CSV: all rows or none (bad rows are listed with their numbers)."""
    if not file.is_file():
        raise CliError(f"{file} is not a readable file")
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    if settings.uses_sqlite_file:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    try:
        migrate.upgrade(engine)
        count = import_customers(SqlCrmUnitOfWorkFactory(engine)(), SYSTEM, _chunks(file))
    except CsvRejected as exc:
        for error in exc.errors:
            typer.echo(f"row {error.row}: {error.message}", err=True)
        raise CliError(str(exc)) from None
    except DomainError as exc:
        raise CliError(str(exc)) from None
    except SQLAlchemyError as exc:
        cause = getattr(exc, "orig", None) or exc
        raise CliError(f"database: {str(cause).strip().splitlines()[0]}") from None
    finally:
        engine.dispose()
    typer.echo(f"imported {count} customers")


def register(app: typer.Typer) -> None:
    customers_app = typer.Typer(help="Customer records.", no_args_is_help=True)
    customers_app.command("import")(customers_import)
    app.add_typer(customers_app, name="customers")
