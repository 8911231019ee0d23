"""Contact records out of the live tables, one row per interaction, for planners' tools.

Forecasting reads history as a CSV (`frontline forecast --records`); exporting the platform's own
interactions in that shape closes the loop without giving the numeric packages a database
dependency. Rows stream in arrival order so a year of contacts never sits in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import Engine, select

from frontline.adapters.db.live_tables import InteractionRow

EXPORT_COLUMNS = ("created_at", "queue", "channel", "status")


def interaction_rows(
    engine: Engine,
    *,
    queue: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    batch: int = 5000,
) -> Iterator[tuple[str, str, str, str]]:
    """`(created_at ISO-8601 UTC, queue, channel, status)` per interaction, oldest first."""
    query = select(
        InteractionRow.created_at,
        InteractionRow.queue,
        InteractionRow.channel,
        InteractionRow.status,
    ).order_by(InteractionRow.created_at, InteractionRow.id)
    if queue is not None:
        query = query.where(InteractionRow.queue == queue)
    if since is not None:
        query = query.where(InteractionRow.created_at >= since)
    if until is not None:
        query = query.where(InteractionRow.created_at < until)
    with engine.connect() as connection:
        result = connection.execution_options(yield_per=batch).execute(query)
        for created_at, queue_name, channel, status in result:
            yield created_at.isoformat(), queue_name, channel, status
