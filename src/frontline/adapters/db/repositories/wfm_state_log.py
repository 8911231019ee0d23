"""The agent state log in SQL: one row per state an agent was in, the open row is current.

The batch methods work on the table, not on mapped objects: the live feed writes a tick of
changes through them, and loading and flushing one object per row was most of its cost."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, insert, or_, select, update
from sqlalchemy.orm import Session

from frontline.adapters.db.wfm_tables import AgentStateLogRow
from frontline.service.wfm.ports import StateLogEntry


def _entry(row: AgentStateLogRow | Row[Any]) -> StateLogEntry:
    """From a mapped object or a plain row of the table (the batch reads use plain rows)."""
    return StateLogEntry(
        id=row.id,
        agent_id=row.agent_id,
        state=row.state,
        reason=row.reason,
        started_at=row.started_at,
        ended_at=row.ended_at,
    )


_TABLE = AgentStateLogRow.metadata.tables[AgentStateLogRow.__tablename__]
# one statement run for every entry a batch closes (an executemany): each gets its own end
_CLOSE = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("entry_id"))
    .values(ended_at=bindparam("entry_end"))
)

# the open entries of a tick's agents, ascending, so the latest open entry of an agent is
# the one left in the dict; built once (a statement per tick cloned its IN list's
# parameters every time, cyclic garbage for the collector)
_OPEN = (
    select(_TABLE)
    .where(
        _TABLE.c.agent_id.in_(bindparam("agent_ids", expanding=True)), _TABLE.c.ended_at.is_(None)
    )
    .order_by(_TABLE.c.agent_id, _TABLE.c.started_at, _TABLE.c.id)
)


class SqlStateLogRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def open_entries(self, agent_ids: frozenset[int]) -> dict[int, StateLogEntry]:
        """Plain rows, not mapped objects: the live feed reads these every tick."""
        if not agent_ids:
            return {}
        rows = self.session.execute(_OPEN, {"agent_ids": sorted(agent_ids)})
        return {row.agent_id: _entry(row) for row in rows}

    def close_many(self, ended_at: Mapping[int, datetime]) -> None:
        if ended_at:
            rows = [{"entry_id": i, "entry_end": at} for i, at in ended_at.items()]
            self.session.execute(_CLOSE, rows)

    def add_many(self, entries: Sequence[StateLogEntry]) -> None:
        if entries:
            rows = [
                {
                    "agent_id": e.agent_id,
                    "state": e.state,
                    "reason": e.reason,
                    "started_at": e.started_at,
                    "ended_at": e.ended_at,
                }
                for e in entries
            ]
            self.session.execute(insert(_TABLE), rows)

    def spans(
        self, agent_ids: frozenset[int] | None, start: datetime, end: datetime
    ) -> list[StateLogEntry]:
        stmt = select(AgentStateLogRow).where(
            AgentStateLogRow.started_at < end,
            or_(AgentStateLogRow.ended_at.is_(None), AgentStateLogRow.ended_at > start),
        )
        if agent_ids is not None:
            stmt = stmt.where(AgentStateLogRow.agent_id.in_(agent_ids))
        stmt = stmt.order_by(AgentStateLogRow.agent_id, AgentStateLogRow.started_at)
        return [_entry(r) for r in self.session.scalars(stmt)]

    def current(self, agent_ids: frozenset[int] | None) -> list[StateLogEntry]:
        stmt = select(AgentStateLogRow).where(AgentStateLogRow.ended_at.is_(None))
        if agent_ids is not None:
            stmt = stmt.where(AgentStateLogRow.agent_id.in_(agent_ids))
        return [_entry(r) for r in self.session.scalars(stmt.order_by(AgentStateLogRow.agent_id))]
