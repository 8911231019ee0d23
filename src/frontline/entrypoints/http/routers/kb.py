"""Knowledge base: ranked full-text search, and articles with versions for authors."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.routers.crm_deps import Crm
from frontline.entrypoints.http.routers.params import IdPath, PageParams
from frontline.entrypoints.http.schemas.crm_kb import (
    ArticleIn,
    ArticleOut,
    ArticlePageOut,
    Audience,
    SearchHitOut,
    Tag,
)
from frontline.entrypoints.http.security import require
from frontline.service.crm import kb

router = APIRouter(prefix="/api/v1/kb", tags=["knowledge base"])
P = Permission


def _input(body: ArticleIn) -> kb.ArticleInput:
    return kb.ArticleInput(body.title, body.body, body.audience, tuple(body.tags), body.review_at)


@router.get("/search", summary="Search articles, best match first, with highlighted snippets")
def search(
    crm: Crm,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    audience: Audience | None = None,
    tag: Tag | None = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    actor: Principal = require(P.KB_READ),
) -> list[SearchHitOut]:
    hits = kb.search(crm.uow(), actor, q, audience, tag, limit)
    return [SearchHitOut(**hit) for hit in hits]


@router.get("/articles", summary="List articles, newest first")
def list_articles(
    crm: Crm,
    page: PageParams,
    audience: Audience | None = None,
    tag: Tag | None = None,
    review_due: Annotated[date | None, Query(description="review date on or before")] = None,
    actor: Principal = require(P.KB_READ),
) -> ArticlePageOut:
    result = kb.list_articles(crm.uow(), actor, page, audience, tag, review_due)
    return ArticlePageOut(
        items=[ArticleOut.of(a) for a in result.items],
        total=result.total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("/articles", status_code=201, summary="Write an article")
def create_article(
    body: ArticleIn, crm: Crm, actor: Principal = require(P.KB_MANAGE)
) -> ArticleOut:
    return ArticleOut.of(kb.create_article(crm.uow(), actor, crm.clock, _input(body)))


@router.get("/articles/{article_id}", summary="Read an article (body also as safe HTML)")
def get_article(article_id: IdPath, crm: Crm, actor: Principal = require(P.KB_READ)) -> ArticleOut:
    return ArticleOut.of(kb.get_article(crm.uow(), actor, article_id))


@router.put("/articles/{article_id}", summary="Replace an article (the old text is kept)")
def update_article(
    article_id: IdPath, body: ArticleIn, crm: Crm, actor: Principal = require(P.KB_MANAGE)
) -> ArticleOut:
    return ArticleOut.of(kb.update_article(crm.uow(), actor, crm.clock, article_id, _input(body)))


@router.delete("/articles/{article_id}", status_code=204, summary="Delete an article")
def delete_article(
    article_id: IdPath, crm: Crm, actor: Principal = require(P.KB_MANAGE)
) -> Response:
    kb.delete_article(crm.uow(), actor, article_id)
    return Response(status_code=204)


@router.get("/articles/{article_id}/versions", summary="An article's versions, newest first")
def versions(
    article_id: IdPath, crm: Crm, actor: Principal = require(P.KB_READ)
) -> list[ArticleOut]:
    return [ArticleOut.of(a) for a in kb.article_versions(crm.uow(), actor, article_id)]
