"""Ids for the routing service's new rows, reserved from PostgreSQL sequences in blocks.

A new chat's interaction id and every message id appear in the events of the batch that
creates them, and every event is pushed with its id, so they must be known before the batch
is written. Asking the database for each one (``INSERT … RETURNING``) costs a round trip per
row inside the single routing worker, or SQLAlchemy's ``RETURNING`` machinery per row;
reserving a block of ids from the table's sequence at once costs one round trip per
``block`` rows and lets the batch's new rows go out in one ``COPY`` per table.

Only the routing service's worker inserts interactions, messages and events, and it hands
the ids out in increasing order and commits its batches in order, so ids still grow with
commit order (readers page messages and events by id, and reconnecting sockets replay the
events after the last id they saw). A restarted process reserves its blocks after every id
handed out before, so that holds across restarts too. Ids of a batch that failed are not
reused: a gap, as a rolled-back ``INSERT`` would leave. SQLite has no sequences: it keeps
``INSERT … RETURNING``, which costs no network round trip there.
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
            self._reserve(session, self.block)
        return self._free.popleft()

    def take_many(self, session: Session, count: int) -> list[int]:
        """``count`` increasing ids; at most one round trip, however large ``count`` is."""
        missing = count - len(self._free)
        if missing > 0:
            self._reserve(session, max(self.block, missing))
        free = self._free
        return [free.popleft() for _ in range(count)]

    def _reserve(self, session: Session, count: int) -> None:
        rows = session.execute(_RESERVE, {"table": self.table, "n": count})
        self._free.extend(sorted(int(value) for value in rows.scalars()))


class LiveIds:
    """The id blocks of the tables the routing service inserts into."""

    def __init__(self, block: int = DEFAULT_BLOCK) -> None:
        self.interactions = IdBlocks("live_interactions", block)
        self.messages = IdBlocks("live_messages", 4 * block)  # several per interaction
        self.events = IdBlocks("live_events", 16 * block)  # a dozen or more per interaction
