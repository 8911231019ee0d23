"""Tables of self-service: flows and their versions, where each flow is published, the state of
runs in progress (chat sessions and voice calls), the runner's events for analytics, and the
callbacks customers were promised.

Flow versions are immutable once stored: a run keeps the version it started on, so a call in
the middle of a menu is not disturbed when an administrator publishes a new version.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from frontline.adapters.db import live_tables as live_tables  # flow rows refer to interactions
from frontline.adapters.db.tables import Base
from frontline.adapters.db.types import JsonColumn, UtcDateTime


class FlowRow(Base):
    __tablename__ = "flows"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    latest_version: Mapped[int]
    published_version: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class FlowVersionRow(Base):
    """One uploaded version: the source as sent and the decoded document it was parsed from."""

    __tablename__ = "flow_versions"
    __table_args__ = (UniqueConstraint("flow_id", "version", name="uq_flow_versions_version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    flow_id: Mapped[str] = mapped_column(ForeignKey("flows.id", ondelete="CASCADE"))
    version: Mapped[int]
    document: Mapped[Any] = mapped_column(JsonColumn)
    source: Mapped[str] = mapped_column(Text())
    source_format: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_by: Mapped[str] = mapped_column(String(64))


class FlowBindingRow(Base):
    """Which flow answers a target: ``queue:<name>`` (chat) or ``number:<E.164>`` (voice)."""

    __tablename__ = "flow_bindings"
    target: Mapped[str] = mapped_column(String(80), primary_key=True)
    flow_id: Mapped[str] = mapped_column(ForeignKey("flows.id", ondelete="CASCADE"), index=True)


class FlowSessionRow(Base):
    """A run in progress or finished: ``chat:<interaction id>`` or ``voice:<CallSid>``."""

    __tablename__ = "flow_sessions"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    flow_id: Mapped[str] = mapped_column(String(64))
    flow_version: Mapped[int]
    snapshot: Mapped[Any | None] = mapped_column(JsonColumn)
    interaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("live_interactions.id", ondelete="SET NULL"), index=True
    )
    caller: Mapped[str | None] = mapped_column(String(160))
    called: Mapped[str | None] = mapped_column(String(160))
    call_status: Mapped[str | None] = mapped_column(String(16))
    history: Mapped[Any] = mapped_column(JsonColumn)
    outcome: Mapped[str | None] = mapped_column(String(16))
    recording_url: Mapped[str | None] = mapped_column(Text())
    agent: Mapped[str | None] = mapped_column(String(160))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class FlowEventRow(Base):
    """One runner event (entered, passed, retried, finished); analytics are rebuilt from these."""

    __tablename__ = "flow_events"
    __table_args__ = (Index("ix_flow_events_flow", "flow_id", "flow_version", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    flow_id: Mapped[str] = mapped_column(String(64))
    flow_version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    node: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(200))
    path: Mapped[Any | None] = mapped_column(JsonColumn)
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class CallbackRow(Base):
    """A promised callback; released into its queue as an outbound interaction when due."""

    __tablename__ = "flow_callbacks"
    __table_args__ = (Index("ix_flow_callbacks_due", "status", "release_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    queue: Mapped[str] = mapped_column(String(64))
    number: Mapped[str] = mapped_column(String(32))
    mode: Mapped[str] = mapped_column(String(16))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime())
    release_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ordering_at: Mapped[datetime] = mapped_column(UtcDateTime())
    priority: Mapped[int]
    skills: Mapped[Any] = mapped_column(JsonColumn)
    context: Mapped[Any] = mapped_column(JsonColumn)
    status: Mapped[str] = mapped_column(String(16))
    interaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("live_interactions.id", ondelete="SET NULL")
    )
