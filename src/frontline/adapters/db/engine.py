"""Engines for the two supported databases, set up the way Frontline relies on.

SQLite: foreign keys enforced (off by default there), WAL so readers do not block the writer,
and a busy timeout instead of instant "database is locked" errors. PostgreSQL: psycopg 3 with
pre-ping, so a restarted server costs one retry instead of a failed request, and a pool as
large as the server's concurrent users of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

# The web server reads in up to 40 worker threads and the live runtime adds its own writers
# and identification threads. SQLAlchemy's default (5 kept, 10 more opened and closed on
# demand) made a busy server open a PostgreSQL connection, i.e. fork a backend, for most
# reads and queue the rest; keep as many connections as are used at once.
POSTGRES_POOL_SIZE = 24
POSTGRES_MAX_OVERFLOW = 24


def normalise_url(url: str) -> str:
    """Accept the usual ``postgresql://`` spelling and use the psycopg 3 driver for it."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def is_sqlite(url: str) -> bool:
    return make_url(normalise_url(url)).get_backend_name() == "sqlite"


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; in-memory SQLite shares one connection so all sessions see it."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        in_memory = parsed.database in (None, "", ":memory:")
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False},
            poolclass=StaticPool if in_memory else None,
        )
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=POSTGRES_POOL_SIZE,
        max_overflow=POSTGRES_MAX_OVERFLOW,
        connect_args={"connect_timeout": 5},
    )


def is_reachable(engine: Engine) -> bool:
    """True if a trivial query succeeds; used by the health check."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any driver or network failure means "not reachable"
        return False
    return True
