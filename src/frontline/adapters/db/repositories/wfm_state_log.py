"""The agent state log in SQL: one row per state an agent was in, the open row is current."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from frontline.adapters.db.wfm_tables import AgentStateLogRow
from frontline.service.wfm.ports import StateLogEntry


def _entry(row: AgentStateLogRow) -> StateLogEntry:
    return StateLogEntry(
        id=row.id,
        agent_id=row.agent_id,
        state=row.state,
        reason=row.reason,
        started_at=row.started_at,
        ended_at=row.ended_at,
    )


class SqlStateLogRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def open_entry(self, agent_id: int) -> StateLogEntry | None:
        stmt = (
            select(AgentStateLogRow)
            .where(AgentStateLogRow.agent_id == agent_id, AgentStateLogRow.ended_at.is_(None))
            .order_by(AgentStateLogRow.started_at.desc(), AgentStateLogRow.id.desc())
            .limit(1)
        )
        row = self.session.scalars(stmt).first()
        return _entry(row) if row is not None else None

    def add(self, entry: StateLogEntry) -> StateLogEntry:
        row = AgentStateLogRow(
            agent_id=entry.agent_id,
            state=entry.state,
            reason=entry.reason,
            started_at=entry.started_at,
            ended_at=entry.ended_at,
        )
        self.session.add(row)
        self.session.flush()
        return _entry(row)

    def close(self, entry_id: int, ended_at: datetime) -> None:
        self.session.execute(
            update(AgentStateLogRow)
            .where(AgentStateLogRow.id == entry_id)
            .values(ended_at=ended_at)
        )

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
