"""Bodies and answers of the knowledge-base endpoints; bodies are rendered to safe HTML."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from frontline.adapters.kb.markdown_render import render_markdown
from frontline.entrypoints.http.schemas.common import InputModel
from frontline.service.crm.kb import MAX_BODY, MAX_TAGS
from frontline.service.crm.ports import Article

Tag = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Audience = Literal["internal", "public"]


class ArticleIn(InputModel):
    title: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    body: Annotated[str, StringConstraints(max_length=MAX_BODY)]
    audience: Audience = "internal"
    tags: Annotated[list[Tag], Field(max_length=MAX_TAGS)] = Field(default_factory=list)
    review_at: date | None = None


class ArticleOut(BaseModel):
    id: int
    title: str
    body: str
    body_html: str
    audience: str
    tags: list[str]
    version: int
    review_at: date | None
    updated_at: datetime | None
    updated_by: str

    @classmethod
    def of(cls, article: Article) -> ArticleOut:
        return cls(
            id=article.id,
            title=article.title,
            body=article.body,
            body_html=render_markdown(article.body),
            audience=article.audience,
            tags=list(article.tags),
            version=article.version,
            review_at=article.review_at,
            updated_at=article.updated_at,
            updated_by=article.updated_by,
        )


class ArticlePageOut(BaseModel):
    items: list[ArticleOut]
    total: int
    limit: int
    offset: int


class SearchHitOut(BaseModel):
    article_id: int
    title: str
    audience: str
    score: float
    snippet_html: str = Field(description="escaped text; matches wrapped in <mark>")
