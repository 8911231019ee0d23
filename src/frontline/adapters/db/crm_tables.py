"""Tables of the CRM: cases and their records, SLA policies, calendars and events, escalation
rules, knowledge-base articles with versions and tags, guided scripts and their runs.

A case row carries denormalised columns (``sla_state``, ``sla_due_at``, ``fcr``, timestamps)
that the repositories refresh on every write, so list views and reports filter and sort on
indexed columns instead of recomputing the SLA clock per row. The status and priority history
and the escalation records are JSON on the case: they are only ever read with the case.

Full-text search lives beside these tables and is created by the migration only: an FTS5
table on SQLite and a generated, GIN-indexed ``tsvector`` column on PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from frontline.adapters.db.tables import Base
from frontline.adapters.db.types import JsonColumn, UtcDateTime

#: Objects the migration creates outside this metadata (SQLite FTS5 and its shadow tables);
#: schema comparisons leave them out (see `include_name`).
SEARCH_INDEX_PREFIX = "crm_kb_fts"
SearchVector = Text().with_variant(TSVECTOR(), "postgresql")
"""PostgreSQL: the weighted tsvector a trigger keeps up to date; SQLite: an unused NULL column."""


def include_name(name: str | None, type_: str, _parent: object = None) -> bool:
    """Alembic ``include_name`` hook: the full-text index tables are not part of the model."""
    return not (type_ == "table" and (name or "").startswith(SEARCH_INDEX_PREFIX))


class CaseRow(Base):
    __tablename__ = "crm_cases"
    __table_args__ = (
        Index("ix_crm_cases_owner", "owner_user_id", "id"),
        Index("ix_crm_cases_queue_status", "queue", "status", "id"),
        Index("ix_crm_cases_status", "status", "id"),
        Index("ix_crm_cases_tier_status", "tier", "status", "id"),
        Index("ix_crm_cases_due", "sla_due_at", "id"),
        Index("ix_crm_cases_customer", "customer_id", "id"),
        Index("ix_crm_cases_resolved", "resolved_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="RESTRICT"))
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text())
    status: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(64))
    queue: Mapped[str] = mapped_column(String(64))
    tier: Mapped[int]
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    follow_up_of: Mapped[int | None] = mapped_column(
        ForeignKey("crm_cases.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    first_response_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    fcr: Mapped[bool | None]
    sla_state: Mapped[str | None] = mapped_column(String(10))
    sla_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    sla_warn_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    history: Mapped[Any] = mapped_column(JsonColumn)
    priority_history: Mapped[Any] = mapped_column(JsonColumn)
    escalations: Mapped[Any] = mapped_column(JsonColumn)
    fired_rules: Mapped[Any] = mapped_column(JsonColumn)


class CaseEntryRow(Base):
    __tablename__ = "crm_case_entries"
    __table_args__ = (Index("ix_crm_case_entries_case", "case_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("crm_cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text())
    author: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    attachments: Mapped[Any] = mapped_column(JsonColumn)
    interaction_id: Mapped[str | None] = mapped_column(String(100))


class CaseInteractionRow(Base):
    __tablename__ = "crm_case_interactions"
    case_id: Mapped[int] = mapped_column(
        ForeignKey("crm_cases.id", ondelete="CASCADE"), primary_key=True
    )
    interaction_id: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)
    channel: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    position: Mapped[int]


class SlaEventRow(Base):
    """One warning or breach, stored once: the stored keys are the evaluator's "emitted" set."""

    __tablename__ = "crm_sla_events"
    __table_args__ = (UniqueConstraint("case_id", "key", name="uq_crm_sla_events_case_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("crm_cases.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10))
    target: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SlaPolicyRow(Base):
    __tablename__ = "crm_sla_policies"
    __table_args__ = (UniqueConstraint("priority", "category", name="uq_crm_sla_policy_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    priority: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(64))
    first_response_minutes: Mapped[float | None] = mapped_column(Float())
    resolution_minutes: Mapped[float | None] = mapped_column(Float())
    warn_fraction: Mapped[float | None] = mapped_column(Float())
    warn_minutes_before: Mapped[float | None] = mapped_column(Float())
    pause_on_hold: Mapped[bool]


class SlaCalendarRow(Base):
    """A queue's business calendar (zone, weekly hours, holidays, special days) as a spec."""

    __tablename__ = "crm_sla_calendars"
    queue: Mapped[str] = mapped_column(String(64), primary_key=True)
    spec: Mapped[Any] = mapped_column(JsonColumn)


class EscalationRuleRow(Base):
    __tablename__ = "crm_escalation_rules"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    trigger: Mapped[str] = mapped_column(String(20))
    target: Mapped[str | None] = mapped_column(String(20))
    business_minutes: Mapped[int | None]
    priority: Mapped[str | None] = mapped_column(String(10))
    to_tier: Mapped[int | None]
    reason: Mapped[str] = mapped_column(String(1000))


class ArticleRow(Base):
    __tablename__ = "crm_kb_articles"
    __table_args__ = (
        Index("ix_crm_kb_articles_review", "review_at"),
        Index("ix_crm_kb_articles_search", "search_vector", postgresql_using="gin"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text())
    audience: Mapped[str] = mapped_column(String(10), index=True)
    version: Mapped[int]
    review_at: Mapped[date | None] = mapped_column(Date())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_by: Mapped[str] = mapped_column(String(100))
    search_vector: Mapped[str | None] = mapped_column(SearchVector, deferred=True)


class ArticleTagRow(Base):
    __tablename__ = "crm_kb_article_tags"
    article_id: Mapped[int] = mapped_column(
        ForeignKey("crm_kb_articles.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class ArticleVersionRow(Base):
    __tablename__ = "crm_kb_article_versions"
    article_id: Mapped[int] = mapped_column(
        ForeignKey("crm_kb_articles.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text())
    audience: Mapped[str] = mapped_column(String(10))
    tags: Mapped[Any] = mapped_column(JsonColumn)
    review_at: Mapped[date | None] = mapped_column(Date())
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime())
    saved_by: Mapped[str] = mapped_column(String(100))


class ScriptRow(Base):
    __tablename__ = "crm_scripts"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    queue: Mapped[str | None] = mapped_column(String(64), index=True)
    version: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ScriptVersionRow(Base):
    """Every saved version stays, so a run started on version 3 replays against version 3."""

    __tablename__ = "crm_script_versions"
    script_id: Mapped[str] = mapped_column(
        ForeignKey("crm_scripts.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(primary_key=True)
    definition: Mapped[Any] = mapped_column(JsonColumn)


class ScriptRunRow(Base):
    """The run of a script during one interaction (no foreign key: interactions are owned by
    live operation and may be purged on their own schedule)."""

    __tablename__ = "crm_script_runs"
    interaction_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    script_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int]
    run: Mapped[Any] = mapped_column(JsonColumn)
    pending: Mapped[Any] = mapped_column(JsonColumn)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    started_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
