"""Live operation: interactions, messages, event log, agent presence, email thread ids.

Revision ID: 0002
Revises: 0001
Create Date: 2026-02-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
UTC_TIME = sa.DateTime(timezone=True)


def _fk(target: str, ondelete: str) -> sa.ForeignKey:
    return sa.ForeignKey(target, ondelete=ondelete)


def upgrade() -> None:
    op.create_table(
        "live_interactions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("queue", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("customer_id", sa.Integer(), _fk("customers.id", "SET NULL"), nullable=True),
        sa.Column("customer_name", sa.String(200), nullable=False),
        sa.Column("customer_email", sa.String(254), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("offered_to", sa.Integer(), _fk("users.id", "SET NULL"), nullable=True),
        sa.Column("agent_user_id", sa.Integer(), _fk("users.id", "SET NULL"), nullable=True),
        sa.Column("accepted_at", UTC_TIME, nullable=True),
        sa.Column("ended_at", UTC_TIME, nullable=True),
        sa.Column("ended_by", sa.String(16), nullable=True),
        sa.Column("closed_at", UTC_TIME, nullable=True),
        sa.Column("disposition", sa.String(32), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("subject", sa.String(998), nullable=False),
        sa.Column("subject_key", sa.String(998), nullable=False),
        sa.Column("session_token_hash", sa.String(64), nullable=True, unique=True),
    )
    op.create_index("ix_live_interactions_status", "live_interactions", ["status"])
    op.create_index(
        "ix_live_interactions_customer", "live_interactions", ["customer_id", "created_at"]
    )
    op.create_index(
        "ix_live_interactions_email_subject",
        "live_interactions",
        ["subject_key", "customer_email"],
    )
    op.create_index("ix_live_interactions_agent_user_id", "live_interactions", ["agent_user_id"])
    op.create_table(
        "live_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "interaction_id",
            sa.Integer(),
            _fk("live_interactions.id", "CASCADE"),
            nullable=False,
        ),
        sa.Column("sender", sa.String(16), nullable=False),
        sa.Column("author_user_id", sa.Integer(), _fk("users.id", "SET NULL"), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.Column("attachments", JSON, nullable=True),
    )
    op.create_index("ix_live_messages_interaction", "live_messages", ["interaction_id", "id"])
    op.create_table(
        "live_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("stream", sa.String(40), nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.Column("payload", JSON, nullable=False),
    )
    op.create_index("ix_live_events_stream", "live_events", ["stream", "id"])
    op.create_index("ix_live_events_at", "live_events", ["at"])
    op.create_table(
        "live_agent_presence",
        sa.Column("user_id", sa.Integer(), _fk("users.id", "CASCADE"), primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(64), nullable=True),
        sa.Column("since", UTC_TIME, nullable=False),
    )
    op.create_table(
        "live_email_ids",
        sa.Column("message_id", sa.String(998), primary_key=True),
        sa.Column(
            "interaction_id",
            sa.Integer(),
            _fk("live_interactions.id", "CASCADE"),
            nullable=False,
        ),
        sa.Column("inbound", sa.Boolean(), nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
    )
    op.create_index("ix_live_email_ids_interaction_id", "live_email_ids", ["interaction_id"])


def downgrade() -> None:
    for table in (
        "live_email_ids",
        "live_agent_presence",
        "live_events",
        "live_messages",
        "live_interactions",
    ):
        op.drop_table(table)
