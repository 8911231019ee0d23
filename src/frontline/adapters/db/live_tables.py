"""Tables of live operation: interactions, their messages, the per-stream event log that
reconnecting clients replay from, agents' last requested presence, and email threading ids.

Interactions copy the customer's name and address at arrival: the record of what happened
must not change when the CRM entry is edited or deleted later.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from frontline.adapters.db.tables import Base
from frontline.adapters.db.types import JsonColumn, UtcDateTime


class InteractionRow(Base):
    __tablename__ = "live_interactions"
    __table_args__ = (
        Index("ix_live_interactions_status", "status"),
        Index("ix_live_interactions_customer", "customer_id", "created_at"),
        Index("ix_live_interactions_customer_closed", "customer_id", "closed_at"),
        Index("ix_live_interactions_email_subject", "subject_key", "customer_email"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    queue: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    customer_name: Mapped[str] = mapped_column(String(200))
    customer_email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    offered_to: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    agent_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    ended_by: Mapped[str | None] = mapped_column(String(16))
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # 40 characters (a queue's codes); SQLite keeps the older declared 32, which it never
    # enforces, because redeclaring means a table rebuild (see migration 0007).
    disposition: Mapped[str | None] = mapped_column(String(40).with_variant(String(32), "sqlite"))
    notes: Mapped[str] = mapped_column(Text(), default="")
    subject: Mapped[str] = mapped_column(String(998), default="")
    subject_key: Mapped[str] = mapped_column(String(998), default="")
    session_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    flow_context: Mapped[Any | None] = mapped_column(JsonColumn)  # self-service hand-off


class MessageRow(Base):
    __tablename__ = "live_messages"
    __table_args__ = (Index("ix_live_messages_interaction", "interaction_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("live_interactions.id", ondelete="CASCADE")
    )
    sender: Mapped[str] = mapped_column(String(16))
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text())
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    attachments: Mapped[Any | None] = mapped_column(JsonColumn)


class EventRow(Base):
    """One pushed event; ``stream`` is ``agent:<user id>`` or ``chat:<interaction id>``."""

    __tablename__ = "live_events"
    __table_args__ = (Index("ix_live_events_stream", "stream", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    stream: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    payload: Mapped[Any] = mapped_column(JsonColumn)


class PresenceRow(Base):
    __tablename__ = "live_agent_presence"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(64))
    since: Mapped[datetime] = mapped_column(UtcDateTime())


class EmailIdRow(Base):
    """Message-IDs seen or sent in an email conversation, for threading and idempotency."""

    __tablename__ = "live_email_ids"
    message_id: Mapped[str] = mapped_column(String(998), primary_key=True)
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("live_interactions.id", ondelete="CASCADE"), index=True
    )
    inbound: Mapped[bool]
    at: Mapped[datetime] = mapped_column(UtcDateTime())
