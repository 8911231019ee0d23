"""Storage: SQLAlchemy 2.x tables, repositories and unit of work; Alembic migrations ship here."""
