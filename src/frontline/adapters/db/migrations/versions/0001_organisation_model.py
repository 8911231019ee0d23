"""Organisation model: users and roles, teams, skills, agents, queues, customers, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
UTC_TIME = sa.DateTime(timezone=True)


def _fk(target: str, ondelete: str) -> sa.ForeignKey:
    return sa.ForeignKey(target, ondelete=ondelete)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
    )
    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.Integer(), _fk("users.id", "CASCADE"), primary_key=True),
        sa.Column("role", sa.String(32), primary_key=True),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("description", sa.String(1000), nullable=False),
        sa.Column("lead_user_id", sa.Integer(), _fk("users.id", "SET NULL"), nullable=True),
    )
    op.create_index("ix_teams_lead_user_id", "teams", ["lead_user_id"])
    op.create_table(
        "skills",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("description", sa.String(1000), nullable=False),
    )
    op.create_table(
        "agents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), _fk("users.id", "CASCADE"), nullable=False, unique=True),
        sa.Column("team_id", sa.Integer(), _fk("teams.id", "RESTRICT"), nullable=True),
    )
    op.create_index("ix_agents_team_id", "agents", ["team_id"])
    op.create_table(
        "agent_skills",
        sa.Column("agent_id", sa.Integer(), _fk("agents.id", "CASCADE"), primary_key=True),
        sa.Column("skill_id", sa.Integer(), _fk("skills.id", "RESTRICT"), primary_key=True),
        sa.Column("proficiency", sa.Integer(), nullable=False),
    )
    op.create_index("ix_agent_skills_skill_id", "agent_skills", ["skill_id"])
    op.create_table(
        "agent_capacities",
        sa.Column("agent_id", sa.Integer(), _fk("agents.id", "CASCADE"), primary_key=True),
        sa.Column("channel", sa.String(16), primary_key=True),
        sa.Column("max_concurrent", sa.Integer(), nullable=False),
    )
    op.create_table(
        "queues",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("description", sa.String(1000), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("sl_percent", sa.Float(), nullable=False),
        sa.Column("sl_threshold_seconds", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=True),
        sa.Column("opening_windows", JSON, nullable=True),
    )
    op.create_table(
        "queue_channels",
        sa.Column("queue_id", sa.Integer(), _fk("queues.id", "CASCADE"), primary_key=True),
        sa.Column("channel", sa.String(16), primary_key=True),
    )
    op.create_table(
        "queue_skills",
        sa.Column("queue_id", sa.Integer(), _fk("queues.id", "CASCADE"), primary_key=True),
        sa.Column("skill_id", sa.Integer(), _fk("skills.id", "RESTRICT"), primary_key=True),
        sa.Column("min_proficiency", sa.Integer(), nullable=False),
    )
    op.create_index("ix_queue_skills_skill_id", "queue_skills", ["skill_id"])
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("external_id", sa.String(100), nullable=True, unique=True),
        sa.Column("attributes", JSON, nullable=False),
    )
    op.create_index("ix_customers_name", "customers", ["name"])
    for kind, width in (("email", 254), ("phone", 16)):
        table = f"customer_{kind}s"
        op.create_table(
            table,
            sa.Column(
                "customer_id", sa.Integer(), _fk("customers.id", "CASCADE"), primary_key=True
            ),
            sa.Column(kind, sa.String(width), primary_key=True),
            sa.Column("position", sa.Integer(), nullable=False),
        )
        op.create_index(f"ix_{table}_{kind}", table, [kind])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_username", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("entity_type", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("changes", JSON, nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_actor_user_id", "audit_log", ["actor_user_id"])
    op.create_index("ix_audit_log_entity", "audit_log", ["entity_type", "entity_id"])


def downgrade() -> None:
    for table in (
        "audit_log",
        "customer_phones",
        "customer_emails",
        "customers",
        "queue_skills",
        "queue_channels",
        "queues",
        "agent_capacities",
        "agent_skills",
        "agents",
        "skills",
        "teams",
        "user_roles",
        "users",
    ):
        op.drop_table(table)
