"""Planners forecast from the platform's own contact records: export, then `forecast --records`."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from frontline.adapters.db import migrate
from frontline.adapters.db.engine import make_engine
from frontline.adapters.db.interaction_export import interaction_rows
from frontline.adapters.db.live_tables import InteractionRow

FRONTLINE = [sys.executable, "-m", "frontline.entrypoints.cli"]


def _seed(url: str) -> int:
    engine = make_engine(url)
    migrate.upgrade(engine)
    start = datetime(2026, 3, 2, 8, tzinfo=UTC)  # a Monday
    rows = []
    for day in range(14):
        for hour in range(8):
            for n in range(3 + hour % 4):  # a repeating intraday shape
                at = start + timedelta(days=day, hours=hour, minutes=7 * n)
                queue = "general" if n % 3 else "billing"
                rows.append(
                    InteractionRow(
                        channel="chat",
                        queue=queue,
                        status="closed",
                        customer_name="c",
                        created_at=at,
                    )
                )
    with Session(engine) as session:
        session.add_all(rows)
        session.commit()
    engine.dispose()
    return len(rows)


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*FRONTLINE, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_export_streams_rows_oldest_first_and_feeds_the_forecast(tmp_path: Path) -> None:
    url = f"sqlite+pysqlite:///{tmp_path / 'frontline.db'}"
    total = _seed(url)
    engine = make_engine(url)
    general = list(interaction_rows(engine, queue="general"))
    engine.dispose()
    assert 0 < len(general) < total
    assert [r[0] for r in general] == sorted(r[0] for r in general)
    assert {r[1] for r in general} == {"general"}

    env = {**os.environ, "FRONTLINE_DATABASE_URL": url, "FRONTLINE_DATA_DIR": str(tmp_path)}
    out = tmp_path / "contacts.csv"
    done = _run(["interactions", "export", "--out", str(out)], env, tmp_path)
    assert done.returncode == 0, done.stderr
    with out.open(newline="") as handle:
        exported = list(csv.DictReader(handle))
    assert len(exported) == total
    assert exported[0]["created_at"].startswith("2026-03-02T08:00:00")

    forecast = tmp_path / "forecast.csv"
    args = ["forecast", str(out), "--records", "--time-column", "created_at"]
    args += ["--interval", "1h", "--horizon", "1d", "--out", str(forecast)]
    done = _run(args, env, tmp_path)
    assert done.returncode == 0, done.stderr
    with forecast.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and set(rows[0]) >= {"timestamp", "forecast", "lower", "upper"}
    assert all(float(r["lower"]) <= float(r["forecast"]) <= float(r["upper"]) for r in rows)


def test_bad_dates_are_one_readable_line(tmp_path: Path) -> None:
    env = {**os.environ, "FRONTLINE_DATABASE_URL": f"sqlite+pysqlite:///{tmp_path / 'f.db'}"}
    args = ["interactions", "export", "--out", "-", "--since", "yesterday"]
    done = _run(args, env, tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == "error: --since 'yesterday' is not a date like 2026-03-01"
