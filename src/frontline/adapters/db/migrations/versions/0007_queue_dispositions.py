"""Per-queue disposition codes.

Each queue carries its own wrap-up codes as a JSON list of ``{code, label}``; NULL (every
queue created before this revision) means the default list. Codes may be up to 40
characters, so the interaction's ``disposition`` column widens from 32 on PostgreSQL (SQLite
does not enforce the length; see ``_set_disposition_length``).

Revision ID: 0007
Revises: 0006
Create Date: 2026-02-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.add_column("queues", sa.Column("disposition_codes", JSON, nullable=True))
    _set_disposition_length(32, 40)


def downgrade() -> None:
    _set_disposition_length(40, 32)
    op.drop_column("queues", "disposition_codes")  # in place (SQLite 3.35+): no rebuild


def _set_disposition_length(old: int, new: int) -> None:
    """PostgreSQL changes the type in place. SQLite is left alone: it does not enforce VARCHAR
    lengths, and changing a declared type there means rebuilding the table, whose DROP (with
    foreign keys enforced, inside the migration's transaction) would cascade-delete every
    message of every interaction."""
    if op.get_bind().dialect.name == "sqlite":
        return
    op.alter_column(
        "live_interactions",
        "disposition",
        existing_type=sa.String(old),
        type_=sa.String(new),
        existing_nullable=True,
    )
