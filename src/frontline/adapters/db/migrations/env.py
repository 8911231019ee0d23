"""Alembic environment: uses the connection handed over by ``migrate.upgrade`` when there is
one, otherwise connects to ``FRONTLINE_DATABASE_URL`` (for running ``alembic`` by hand)."""

from __future__ import annotations

import os

from alembic import context

from frontline.adapters.db.crm_tables import include_name
from frontline.adapters.db.engine import make_engine
from frontline.adapters.db.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection, target_metadata=target_metadata, include_name=include_name
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    url = os.environ.get("FRONTLINE_DATABASE_URL", "sqlite+pysqlite:///data/frontline.db")
    engine = make_engine(url)
    with engine.begin() as own_connection:
        context.configure(
            connection=own_connection, target_metadata=target_metadata, include_name=include_name
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
