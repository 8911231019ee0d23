"""Workforce management: schedules, draft and published segments, edit history, state log.

Revision ID: 0004
Revises: 0003
Create Date: 2026-02-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
UTC_TIME = sa.DateTime(timezone=True)


def _fk(target: str, ondelete: str = "CASCADE") -> sa.ForeignKey:
    return sa.ForeignKey(target, ondelete=ondelete)


def _segment_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("agent_id", sa.Integer(), _fk("agents.id"), nullable=False),
        sa.Column("activity", sa.String(16), nullable=False),
        sa.Column("start_at", UTC_TIME, nullable=False),
        sa.Column("end_at", UTC_TIME, nullable=False),
        sa.Column("note", sa.String(500), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "wfm_schedules",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("published_version", sa.Integer(), nullable=False),
        sa.Column("published_at", UTC_TIME, nullable=True),
        sa.Column("changed_since_publish", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "wfm_segments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("schedule_id", sa.Integer(), _fk("wfm_schedules.id"), nullable=False),
        *_segment_columns(),
    )
    op.create_index(
        "ix_wfm_segments_schedule_agent", "wfm_segments", ["schedule_id", "agent_id", "start_at"]
    )
    op.create_index("ix_wfm_segments_agent_id", "wfm_segments", ["agent_id"])
    op.create_table(
        "wfm_published_segments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("schedule_id", sa.Integer(), _fk("wfm_schedules.id"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_segment_columns(),
    )
    op.create_index("ix_wfm_published_agent", "wfm_published_segments", ["agent_id", "start_at"])
    op.create_index(
        "ix_wfm_published_version", "wfm_published_segments", ["schedule_id", "version"]
    )
    op.create_table(
        "wfm_schedule_history",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("schedule_id", sa.Integer(), _fk("wfm_schedules.id"), nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_username", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=True),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("changes", JSON, nullable=False),
    )
    op.create_index(
        "ix_wfm_schedule_history_schedule", "wfm_schedule_history", ["schedule_id", "id"]
    )
    op.create_table(
        "agent_state_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("agent_id", sa.Integer(), _fk("agents.id"), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(64), nullable=True),
        sa.Column("started_at", UTC_TIME, nullable=False),
        sa.Column("ended_at", UTC_TIME, nullable=True),
    )
    op.create_index("ix_agent_state_log_agent", "agent_state_log", ["agent_id", "started_at"])
    op.create_index("ix_agent_state_log_open", "agent_state_log", ["ended_at"])


def downgrade() -> None:
    for table in (
        "agent_state_log",
        "wfm_schedule_history",
        "wfm_published_segments",
        "wfm_segments",
        "wfm_schedules",
    ):
        op.drop_table(table)
