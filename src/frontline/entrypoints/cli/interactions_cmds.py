"""`frontline interactions export`: the platform's contact records as CSV.

The file has one row per contact (`created_at,queue,channel,status`), which is what
`frontline forecast HISTORY.csv --records --time-column created_at` reads, so planners can
forecast from the platform's own history.
"""

from __future__ import annotations

import csv
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated

import typer

from frontline.entrypoints.cli.errors import CliError


def _day_start(text: str | None, option: str) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
    except ValueError:
        raise CliError(f"{option} {text!r} is not a date like 2026-03-01") from None


def export(
    out: Annotated[Path, typer.Option("--out", help="CSV file to write ('-' for stdout).")],
    queue: Annotated[str | None, typer.Option("--queue", help="Only this queue.")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="First day (UTC), YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Day after the last (UTC), YYYY-MM-DD.")
    ] = None,
) -> None:
    """Write one row per interaction, oldest first, for `frontline forecast --records`."""
    from frontline.adapters.db.interaction_export import EXPORT_COLUMNS, interaction_rows
    from frontline.entrypoints.cli.platform_cmds import migrated_engine, settings_from_env

    start, end = _day_start(since, "--since"), _day_start(until, "--until")
    if start and end and end <= start:
        raise CliError("--until must be after --since")
    to_stdout = str(out) == "-"
    try:
        target = sys.stdout if to_stdout else out.open("w", newline="", encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror}") from None
    count = 0
    with migrated_engine(settings_from_env()) as engine:
        writer = csv.writer(target)
        writer.writerow(EXPORT_COLUMNS)
        for row in interaction_rows(engine, queue=queue, since=start, until=end):
            writer.writerow(row)
            count += 1
    if not to_stdout:
        target.close()
        typer.echo(f"wrote {count} interactions to {out}", err=True)


def register(app: typer.Typer) -> None:
    """Attach `interactions export` to the main app."""
    group = typer.Typer(help="The platform's contact records.", no_args_is_help=True)
    group.command("export")(export)
    app.add_typer(group, name="interactions")
