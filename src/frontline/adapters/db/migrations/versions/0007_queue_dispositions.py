"""Per-queue disposition codes.

Each queue carries its own wrap-up codes as a JSON list of ``{code, label}``; NULL (every
queue created before this revision) means the default list. Codes may be up to 40
characters, so the interaction's ``disposition`` column widens from 32.

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
    with op.batch_alter_table("queues") as batch:
        batch.add_column(sa.Column("disposition_codes", JSON, nullable=True))
    with op.batch_alter_table("live_interactions") as batch:
        batch.alter_column(
            "disposition", existing_type=sa.String(32), type_=sa.String(40), existing_nullable=True
        )


def downgrade() -> None:
    with op.batch_alter_table("live_interactions") as batch:
        batch.alter_column(
            "disposition", existing_type=sa.String(40), type_=sa.String(32), existing_nullable=True
        )
    with op.batch_alter_table("queues") as batch:
        batch.drop_column("disposition_codes")
