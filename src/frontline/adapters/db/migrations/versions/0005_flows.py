"""Self-service: flows, versions, bindings, runs, events, callbacks; hand-off context.

Revision ID: 0005
Revises: 0004
Create Date: 2026-02-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
UTC_TIME = sa.DateTime(timezone=True)


def _interaction_fk() -> sa.ForeignKey:
    return sa.ForeignKey("live_interactions.id", ondelete="SET NULL")


def upgrade() -> None:
    op.create_table(
        "flows",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("latest_version", sa.Integer(), nullable=False),
        sa.Column("published_version", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
    )
    op.create_table(
        "flow_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "flow_id", sa.String(64), sa.ForeignKey("flows.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", JSON, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_format", sa.String(8), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.UniqueConstraint("flow_id", "version", name="uq_flow_versions_version"),
    )
    op.create_table(
        "flow_bindings",
        sa.Column("target", sa.String(80), primary_key=True),
        sa.Column(
            "flow_id", sa.String(64), sa.ForeignKey("flows.id", ondelete="CASCADE"), nullable=False
        ),
    )
    op.create_index("ix_flow_bindings_flow_id", "flow_bindings", ["flow_id"])
    op.create_table(
        "flow_sessions",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("flow_id", sa.String(64), nullable=False),
        sa.Column("flow_version", sa.Integer(), nullable=False),
        sa.Column("snapshot", JSON, nullable=True),
        sa.Column("interaction_id", sa.Integer(), _interaction_fk(), nullable=True),
        sa.Column("caller", sa.String(160), nullable=True),
        sa.Column("called", sa.String(160), nullable=True),
        sa.Column("call_status", sa.String(16), nullable=True),
        sa.Column("history", JSON, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("recording_url", sa.Text(), nullable=True),
        sa.Column("agent", sa.String(160), nullable=True),
        sa.Column("updated_at", UTC_TIME, nullable=False),
    )
    op.create_index("ix_flow_sessions_interaction_id", "flow_sessions", ["interaction_id"])
    op.create_table(
        "flow_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("flow_id", sa.String(64), nullable=False),
        sa.Column("flow_version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("node", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("path", JSON, nullable=True),
        sa.Column("at", UTC_TIME, nullable=False),
    )
    op.create_index("ix_flow_events_flow", "flow_events", ["flow_id", "flow_version", "id"])
    op.create_table(
        "flow_callbacks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("queue", sa.String(64), nullable=False),
        sa.Column("number", sa.String(32), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("requested_at", UTC_TIME, nullable=False),
        sa.Column("release_at", UTC_TIME, nullable=False),
        sa.Column("ordering_at", UTC_TIME, nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("skills", JSON, nullable=False),
        sa.Column("context", JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("interaction_id", sa.Integer(), _interaction_fk(), nullable=True),
    )
    op.create_index("ix_flow_callbacks_due", "flow_callbacks", ["status", "release_at"])
    with op.batch_alter_table("live_interactions") as batch:
        batch.add_column(sa.Column("flow_context", JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("live_interactions") as batch:
        batch.drop_column("flow_context")
    for table in ("flow_callbacks", "flow_events", "flow_sessions", "flow_bindings"):
        op.drop_table(table)
    op.drop_table("flow_versions")
    op.drop_table("flows")
