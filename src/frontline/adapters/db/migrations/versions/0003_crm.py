"""CRM: cases, SLA policies/calendars/events, escalation rules, knowledge base, scripts.

Full-text search: on SQLite an external-content FTS5 table kept in step by triggers; on
PostgreSQL a weighted ``tsvector`` column (title A, body B) kept by a trigger, GIN-indexed.

Revision ID: 0003
Revises: 0002
Create Date: 2026-02-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
UTC_TIME = sa.DateTime(timezone=True)
SEARCH_VECTOR = sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql")

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE crm_kb_fts USING fts5(title, body, content='crm_kb_articles', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER crm_kb_fts_insert AFTER INSERT ON crm_kb_articles BEGIN "
    "INSERT INTO crm_kb_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER crm_kb_fts_delete AFTER DELETE ON crm_kb_articles BEGIN "
    "INSERT INTO crm_kb_fts(crm_kb_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER crm_kb_fts_update AFTER UPDATE OF title, body ON crm_kb_articles BEGIN "
    "INSERT INTO crm_kb_fts(crm_kb_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO crm_kb_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
]
POSTGRES_FTS = [
    """CREATE FUNCTION crm_kb_articles_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.body, '')), 'B');
      RETURN NEW;
    END $$""",
    "CREATE TRIGGER crm_kb_articles_search BEFORE INSERT OR UPDATE OF title, body "
    "ON crm_kb_articles FOR EACH ROW EXECUTE FUNCTION crm_kb_articles_search_vector()",
]


def _fk(target: str, ondelete: str) -> sa.ForeignKey:
    return sa.ForeignKey(target, ondelete=ondelete)


def _cases() -> None:
    op.create_table(
        "crm_cases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("customer_id", sa.Integer(), _fk("customers.id", "RESTRICT"), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("priority", sa.String(10), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("queue", sa.String(64), nullable=False),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("owner_user_id", sa.Integer(), _fk("users.id", "SET NULL"), nullable=True),
        sa.Column("follow_up_of", sa.Integer(), _fk("crm_cases.id", "SET NULL"), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.Column("first_response_at", UTC_TIME, nullable=True),
        sa.Column("resolved_at", UTC_TIME, nullable=True),
        sa.Column("fcr", sa.Boolean(), nullable=True),
        sa.Column("sla_state", sa.String(10), nullable=True),
        sa.Column("sla_due_at", UTC_TIME, nullable=True),
        sa.Column("sla_warn_at", UTC_TIME, nullable=True),
        sa.Column("history", JSON, nullable=False),
        sa.Column("priority_history", JSON, nullable=False),
        sa.Column("escalations", JSON, nullable=False),
        sa.Column("fired_rules", JSON, nullable=False),
    )
    for name, columns in (
        ("ix_crm_cases_owner", ["owner_user_id", "id"]),
        ("ix_crm_cases_queue_status", ["queue", "status", "id"]),
        ("ix_crm_cases_status", ["status", "id"]),
        ("ix_crm_cases_tier_status", ["tier", "status", "id"]),
        ("ix_crm_cases_due", ["sla_due_at", "id"]),
        ("ix_crm_cases_customer", ["customer_id", "id"]),
        ("ix_crm_cases_resolved", ["resolved_at"]),
    ):
        op.create_index(name, "crm_cases", columns)
    op.create_table(
        "crm_case_entries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), _fk("crm_cases.id", "CASCADE"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.Column("attachments", JSON, nullable=False),
        sa.Column("interaction_id", sa.String(100), nullable=True),
    )
    op.create_index("ix_crm_case_entries_case", "crm_case_entries", ["case_id", "id"])
    op.create_table(
        "crm_case_interactions",
        sa.Column("case_id", sa.Integer(), _fk("crm_cases.id", "CASCADE"), primary_key=True),
        sa.Column("interaction_id", sa.String(100), primary_key=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("direction", sa.String(10), nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_index(
        "ix_crm_case_interactions_interaction_id", "crm_case_interactions", ["interaction_id"]
    )


def _sla() -> None:
    op.create_table(
        "crm_sla_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), _fk("crm_cases.id", "CASCADE"), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("target", sa.String(20), nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.Column("recorded_at", UTC_TIME, nullable=False),
        sa.UniqueConstraint("case_id", "key", name="uq_crm_sla_events_case_key"),
    )
    op.create_index("ix_crm_sla_events_at", "crm_sla_events", ["at"])
    op.create_table(
        "crm_sla_policies",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("priority", sa.String(10), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("first_response_minutes", sa.Float(), nullable=True),
        sa.Column("resolution_minutes", sa.Float(), nullable=True),
        sa.Column("warn_fraction", sa.Float(), nullable=True),
        sa.Column("warn_minutes_before", sa.Float(), nullable=True),
        sa.Column("pause_on_hold", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("priority", "category", name="uq_crm_sla_policy_key"),
    )
    op.create_table(
        "crm_sla_calendars",
        sa.Column("queue", sa.String(64), primary_key=True),
        sa.Column("spec", JSON, nullable=False),
    )
    op.create_table(
        "crm_escalation_rules",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("trigger", sa.String(20), nullable=False),
        sa.Column("target", sa.String(20), nullable=True),
        sa.Column("business_minutes", sa.Integer(), nullable=True),
        sa.Column("priority", sa.String(10), nullable=True),
        sa.Column("to_tier", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(1000), nullable=False),
    )


def _knowledge_base() -> None:
    op.create_table(
        "crm_kb_articles",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("audience", sa.String(10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("review_at", sa.Date(), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.Column("search_vector", SEARCH_VECTOR, nullable=True),
    )
    op.create_index("ix_crm_kb_articles_review", "crm_kb_articles", ["review_at"])
    op.create_index("ix_crm_kb_articles_audience", "crm_kb_articles", ["audience"])
    op.create_index(
        "ix_crm_kb_articles_search",
        "crm_kb_articles",
        ["search_vector"],
        postgresql_using="gin",
    )
    op.create_table(
        "crm_kb_article_tags",
        sa.Column(
            "article_id", sa.Integer(), _fk("crm_kb_articles.id", "CASCADE"), primary_key=True
        ),
        sa.Column("tag", sa.String(64), primary_key=True),
    )
    op.create_index("ix_crm_kb_article_tags_tag", "crm_kb_article_tags", ["tag"])
    op.create_table(
        "crm_kb_article_versions",
        sa.Column(
            "article_id", sa.Integer(), _fk("crm_kb_articles.id", "CASCADE"), primary_key=True
        ),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("audience", sa.String(10), nullable=False),
        sa.Column("tags", JSON, nullable=False),
        sa.Column("review_at", sa.Date(), nullable=True),
        sa.Column("saved_at", UTC_TIME, nullable=False),
        sa.Column("saved_by", sa.String(100), nullable=False),
    )
    statements = SQLITE_FTS if op.get_bind().dialect.name == "sqlite" else POSTGRES_FTS
    for statement in statements:
        op.execute(statement)


def _scripts() -> None:
    op.create_table(
        "crm_scripts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("queue", sa.String(64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
    )
    op.create_index("ix_crm_scripts_queue", "crm_scripts", ["queue"])
    op.create_table(
        "crm_script_versions",
        sa.Column("script_id", sa.String(64), _fk("crm_scripts.id", "CASCADE"), primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("definition", JSON, nullable=False),
    )
    op.create_table(
        "crm_script_runs",
        sa.Column("interaction_id", sa.String(100), primary_key=True),
        sa.Column("script_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("run", JSON, nullable=False),
        sa.Column("pending", JSON, nullable=False),
        sa.Column("started_at", UTC_TIME, nullable=False),
        sa.Column("started_by", sa.String(100), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
    )


def upgrade() -> None:
    _cases()
    _sla()
    _knowledge_base()
    _scripts()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("crm_kb_fts_insert", "crm_kb_fts_delete", "crm_kb_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS crm_kb_fts")
    else:
        op.execute("DROP TRIGGER IF EXISTS crm_kb_articles_search ON crm_kb_articles")
        op.execute("DROP FUNCTION IF EXISTS crm_kb_articles_search_vector()")
    for table in (
        "crm_script_runs",
        "crm_script_versions",
        "crm_scripts",
        "crm_kb_article_versions",
        "crm_kb_article_tags",
        "crm_kb_articles",
        "crm_escalation_rules",
        "crm_sla_calendars",
        "crm_sla_policies",
        "crm_sla_events",
        "crm_case_interactions",
        "crm_case_entries",
        "crm_cases",
    ):
        op.drop_table(table)
