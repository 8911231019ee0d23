"""Tables of workforce management in the platform: schedules, their draft and published
segments, the edit history, and the log of agent states that adherence is measured against.

Published segments are copies, one set per published version, so what agents were shown
stays on record after the draft is edited and published again. The state log has one row per
state an agent was in; the open row (``ended_at`` NULL) is the current state.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from frontline.adapters.db.tables import Base
from frontline.adapters.db.types import JsonColumn, UtcDateTime


class ScheduleRow(Base):
    __tablename__ = "wfm_schedules"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date())
    ends_on: Mapped[date] = mapped_column(Date())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    published_version: Mapped[int] = mapped_column(default=0)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    changed_since_publish: Mapped[bool] = mapped_column(default=True)


class SegmentRow(Base):
    __tablename__ = "wfm_segments"
    __table_args__ = (
        Index("ix_wfm_segments_schedule_agent", "schedule_id", "agent_id", "start_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("wfm_schedules.id", ondelete="CASCADE"))
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), index=True)
    activity: Mapped[str] = mapped_column(String(16))
    start_at: Mapped[datetime] = mapped_column(UtcDateTime())
    end_at: Mapped[datetime] = mapped_column(UtcDateTime())
    note: Mapped[str] = mapped_column(String(500), default="")


class PublishedSegmentRow(Base):
    __tablename__ = "wfm_published_segments"
    __table_args__ = (
        Index("ix_wfm_published_agent", "agent_id", "start_at"),
        Index("ix_wfm_published_version", "schedule_id", "version"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("wfm_schedules.id", ondelete="CASCADE"))
    version: Mapped[int]
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"))
    activity: Mapped[str] = mapped_column(String(16))
    start_at: Mapped[datetime] = mapped_column(UtcDateTime())
    end_at: Mapped[datetime] = mapped_column(UtcDateTime())
    note: Mapped[str] = mapped_column(String(500), default="")


class ScheduleHistoryRow(Base):
    __tablename__ = "wfm_schedule_history"
    __table_args__ = (Index("ix_wfm_schedule_history_schedule", "schedule_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("wfm_schedules.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor_user_id: Mapped[int | None]
    actor_username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    segment_id: Mapped[int | None]
    agent_id: Mapped[int | None]
    changes: Mapped[Any] = mapped_column(JsonColumn)


class AgentStateLogRow(Base):
    __tablename__ = "agent_state_log"
    __table_args__ = (
        Index("ix_agent_state_log_agent", "agent_id", "started_at"),
        Index("ix_agent_state_log_open", "ended_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
