"""Knowledge-base adapters: safe Markdown rendering of articles, and full-text search on
SQLite (FTS5) and PostgreSQL (weighted tsvector)."""
