"""Customer timeline: wrap-ups of a customer newest first without reading every contact.

The timeline pages a customer's dispositions by ``closed_at``; the (customer, created_at)
index orders contacts by arrival only, so a customer with thousands of contacts would have
every row read and sorted per page.

Revision ID: 0006
Revises: 0005
Create Date: 2026-02-05
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_live_interactions_customer_closed",
        "live_interactions",
        ["customer_id", "closed_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_live_interactions_customer_closed", table_name="live_interactions")
