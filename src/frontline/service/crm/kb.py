"""Knowledge-base use cases: articles with versions, tags, audience and review dates, and
ranked full-text search for agents and (public articles only) for the chatbot.

Search input is reduced to plain words before it reaches an index, so no query syntax of
either engine (FTS5 ``MATCH`` operators, ``to_tsquery`` operators) can be injected or cause an
error. Snippets come back with private-use marker characters around the matches; they are
turned into HTML here, after escaping everything else, so an article containing markup can
never put markup into a search result.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from frontline.domain.org.errors import InvalidValue, NotFound
from frontline.domain.org.roles import Permission
from frontline.domain.org.text import clean_text
from frontline.domain.org.users import Principal
from frontline.service.access import ensure
from frontline.service.crm.clock import actor_label
from frontline.service.crm.ports import Article, Clock, CrmUnitOfWork, KbHit, KbQuery
from frontline.service.pagination import Page, PageResult

AUDIENCES = ("internal", "public")
MARK_START, MARK_END = "\ue000", "\ue001"
MAX_TERMS = 16
MAX_TAGS = 20
MAX_BODY = 200_000
_WORD = re.compile(r"\w+", re.UNICODE)
_TAG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def search_terms(text: str) -> tuple[str, ...]:
    """Lower-case words of ``text`` (letters, digits, underscore), at most 16, each ≤ 64."""
    words = [w.lower()[:64] for w in _WORD.findall(text)]
    terms = tuple(dict.fromkeys(words))[:MAX_TERMS]
    if not terms:
        raise InvalidValue("the search text has no words to look for")
    return terms


def snippet_html(snippet: str) -> str:
    """Escape the snippet, then turn the match markers into ``<mark>`` elements."""
    escaped = html.escape(snippet, quote=True)
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


@dataclass(frozen=True)
class ArticleInput:
    title: str
    body: str
    audience: str = "internal"
    tags: tuple[str, ...] = ()
    review_at: date | None = None


def _checked(data: ArticleInput) -> ArticleInput:
    if data.audience not in AUDIENCES:
        raise InvalidValue(f"audience must be one of {', '.join(AUDIENCES)}")
    tags = tuple(dict.fromkeys(t.strip().lower() for t in data.tags))
    if len(tags) > MAX_TAGS or not all(_TAG.fullmatch(t) for t in tags):
        raise InvalidValue(f"at most {MAX_TAGS} tags of 1-64 letters, digits, '_' or '-'")
    strip = str.maketrans("", "", MARK_START + MARK_END)
    title = clean_text(data.title.translate(strip), "title", max_length=200)
    body = clean_text(data.body.translate(strip), "body", max_length=MAX_BODY, min_length=0)
    return ArticleInput(title, body, data.audience, tags, data.review_at)


def create_article(
    uow: CrmUnitOfWork, actor: Principal, clock: Clock, data: ArticleInput
) -> Article:
    ensure(actor, Permission.KB_MANAGE)
    data = _checked(data)
    now = clock.now()
    article = Article(
        data.title,
        data.body,
        data.audience,
        data.tags,
        data.review_at,
        1,
        now,
        now,
        actor_label(actor),
    )
    with uow:
        uow.kb.add(article)
        uow.commit()
    return article


def update_article(
    uow: CrmUnitOfWork, actor: Principal, clock: Clock, article_id: int, data: ArticleInput
) -> Article:
    """Replace the article; the previous text is kept as a numbered version."""
    ensure(actor, Permission.KB_MANAGE)
    data = _checked(data)
    with uow:
        previous = _found(uow, article_id)
        article = replace(
            previous,
            title=data.title,
            body=data.body,
            audience=data.audience,
            tags=data.tags,
            review_at=data.review_at,
            version=previous.version + 1,
            updated_at=clock.now(),
            updated_by=actor_label(actor),
        )
        uow.kb.save(article, previous)
        uow.commit()
    return article


def delete_article(uow: CrmUnitOfWork, actor: Principal, article_id: int) -> None:
    ensure(actor, Permission.KB_MANAGE)
    with uow:
        _found(uow, article_id)
        uow.kb.delete(article_id)
        uow.commit()


def get_article(uow: CrmUnitOfWork, actor: Principal, article_id: int) -> Article:
    ensure(actor, Permission.KB_READ)
    with uow:
        return _found(uow, article_id)


def article_versions(uow: CrmUnitOfWork, actor: Principal, article_id: int) -> list[Article]:
    ensure(actor, Permission.KB_READ)
    with uow:
        current = _found(uow, article_id)
        return [current, *uow.kb.versions(article_id)]


def list_articles(
    uow: CrmUnitOfWork,
    actor: Principal,
    page: Page,
    audience: str | None = None,
    tag: str | None = None,
    review_due: date | None = None,
) -> PageResult[Article]:
    """Articles newest first; ``review_due`` lists those whose review date is on or before it."""
    ensure(actor, Permission.KB_READ)
    with uow:
        items, total = uow.kb.list(audience, tag, review_due, page.limit, page.offset)
    return PageResult(items, total, page)


def search(
    uow: CrmUnitOfWork,
    actor: Principal,
    text: str,
    audience: str | None = None,
    tag: str | None = None,
    limit: int = 10,
) -> list[dict[str, Any]]:
    ensure(actor, Permission.KB_READ)
    return _search(uow, KbQuery(search_terms(text), audience, tag, limit))


def search_public_articles(uow: CrmUnitOfWork, q: str, limit: int = 5) -> list[dict[str, Any]]:
    """Public articles only, for the chatbot's ``answer`` node (no caller: the bot is public)."""
    try:
        terms = search_terms(q)
    except InvalidValue:
        return []
    return _search(uow, KbQuery(terms, "public", None, max(1, min(limit, 20))))


def _search(uow: CrmUnitOfWork, query: KbQuery) -> list[dict[str, Any]]:
    with uow:
        hits = uow.kb.search(query)
    return [_hit(h) for h in hits]


def _hit(hit: KbHit) -> dict[str, Any]:
    return {
        "article_id": hit.article_id,
        "title": hit.title,
        "audience": hit.audience,
        "score": hit.score,
        "snippet_html": snippet_html(hit.snippet),
    }


def _found(uow: CrmUnitOfWork, article_id: int) -> Article:
    article = uow.kb.get(article_id)
    if article is None:
        raise NotFound(f"article {article_id} not found")
    return article
