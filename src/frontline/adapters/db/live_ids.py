"""Ids for the routing service's new rows, reserved from PostgreSQL sequences in blocks.

A new chat's interaction id and every message id appear in the events of the batch that
creates them, so they must be known before the batch is written. Asking the database for
each one (``INSERT … RETURNING``) costs a round trip per row inside the single routing
worker; reserving a block of ids from the table's sequence at once costs one round trip per
``block`` rows and lets the batch's new rows go out in one multi-row ``INSERT``.

Only the routing service's worker inserts interactions and messages, and it hands the ids
out in increasing order and commits its batches in order, so ids still grow with commit
order (readers page messages and events by id). Ids of a batch that failed are not reused:
a gap, as a rolled-back ``INSERT`` would leave. SQLite has no sequences: it keeps one
``INSERT … RETURNING`` per row, which costs no network round trip there.
"""

from __future__ import annotations

from collections import deque

from sqlalchemy import text
from sqlalchemy.orm import Session

DEFAULT_BLOCK = 64

_RESERVE = text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)")


class IdBlocks:
    """Reserved, not yet used ids of one table; refilled ``block`` at a time."""

    def __init__(self, table: str, block: int = DEFAULT_BLOCK) -> None:
        self.table = table
        self.block = block
        self._free: deque[int] = deque()

    def take(self, session: Session) -> int:
        if not self._free:
            rows = session.execute(_RESERVE, {"table": self.table, "n": self.block})
            self._free.extend(sorted(int(value) for value in rows.scalars()))
        return self._free.popleft()


class LiveIds:
    """The id blocks of the tables the routing service inserts into."""

    def __init__(self, block: int = DEFAULT_BLOCK) -> None:
        self.interactions = IdBlocks("live_interactions", block)
        self.messages = IdBlocks("live_messages", 4 * block)  # several per interaction
