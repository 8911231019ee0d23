"""Knowledge-base articles with their tags and earlier versions; search goes to the engine's
own full-text index (`frontline.adapters.kb.search_sqlite` / `search_postgres`)."""

from __future__ import annotations

import builtins
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from frontline.adapters.db.crm_tables import ArticleRow, ArticleTagRow, ArticleVersionRow
from frontline.adapters.kb import search_postgres, search_sqlite
from frontline.service.crm.ports import Article, KbHit, KbQuery


def _tags(session: Session, article_id: int) -> tuple[str, ...]:
    rows = session.scalars(
        select(ArticleTagRow.tag).where(ArticleTagRow.article_id == article_id).order_by("tag")
    )
    return tuple(rows)


def _to_domain(row: ArticleRow, tags: tuple[str, ...]) -> Article:
    return Article(
        title=row.title,
        body=row.body,
        audience=row.audience,
        tags=tags,
        review_at=row.review_at,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
        id=row.id,
    )


class SqlKbRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, article: Article) -> Article:
        assert article.created_at is not None and article.updated_at is not None
        row = ArticleRow(
            title=article.title,
            body=article.body,
            audience=article.audience,
            version=article.version,
            review_at=article.review_at,
            created_at=article.created_at,
            updated_at=article.updated_at,
            updated_by=article.updated_by,
        )
        self.session.add(row)
        self.session.flush()
        article.id = row.id
        self._write_tags(row.id, article.tags)
        return article

    def get(self, article_id: int) -> Article | None:
        row = self.session.get(ArticleRow, article_id)
        return _to_domain(row, _tags(self.session, row.id)) if row else None

    def save(self, article: Article, previous: Article) -> None:
        assert previous.updated_at is not None and article.updated_at is not None
        self.session.add(
            ArticleVersionRow(
                article_id=previous.id,
                version=previous.version,
                title=previous.title,
                body=previous.body,
                audience=previous.audience,
                tags=list(previous.tags),
                review_at=previous.review_at,
                saved_at=previous.updated_at,
                saved_by=previous.updated_by,
            )
        )
        row = self.session.get_one(ArticleRow, article.id)
        row.title, row.body, row.audience = article.title, article.body, article.audience
        row.version, row.review_at = article.version, article.review_at
        row.updated_at, row.updated_by = article.updated_at, article.updated_by
        self.session.execute(delete(ArticleTagRow).where(ArticleTagRow.article_id == article.id))
        self._write_tags(article.id, article.tags)
        self.session.flush()

    def delete(self, article_id: int) -> None:
        self.session.delete(self.session.get_one(ArticleRow, article_id))
        self.session.flush()

    def list(
        self,
        audience: str | None,
        tag: str | None,
        review_due: date | None,
        limit: int,
        offset: int,
    ) -> tuple[builtins.list[Article], int]:
        stmt = select(ArticleRow)
        if audience is not None:
            stmt = stmt.where(ArticleRow.audience == audience)
        if tag is not None:
            tagged = select(ArticleTagRow.article_id).where(ArticleTagRow.tag == tag)
            stmt = stmt.where(ArticleRow.id.in_(tagged))
        if review_due is not None:
            stmt = stmt.where(ArticleRow.review_at <= review_due)
        total = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.session.scalars(
            stmt.order_by(ArticleRow.id.desc()).limit(limit).offset(offset)
        ).all()
        return [_to_domain(r, _tags(self.session, r.id)) for r in rows], int(total)

    def versions(self, article_id: int) -> builtins.list[Article]:
        rows = self.session.scalars(
            select(ArticleVersionRow)
            .where(ArticleVersionRow.article_id == article_id)
            .order_by(ArticleVersionRow.version.desc())
        )
        return [
            Article(
                title=r.title,
                body=r.body,
                audience=r.audience,
                tags=tuple(r.tags),
                review_at=r.review_at,
                version=r.version,
                updated_at=r.saved_at,
                updated_by=r.saved_by,
                id=article_id,
            )
            for r in rows
        ]

    def search(self, query: KbQuery) -> builtins.list[KbHit]:
        if self.session.get_bind().dialect.name == "postgresql":
            return search_postgres.search(self.session, query)
        return search_sqlite.search(self.session, query)

    def _write_tags(self, article_id: int, tags: tuple[str, ...]) -> None:
        for tag in tags:
            self.session.add(ArticleTagRow(article_id=article_id, tag=tag))
        self.session.flush()
