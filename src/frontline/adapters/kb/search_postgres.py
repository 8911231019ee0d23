"""Knowledge-base search on PostgreSQL: a GIN-indexed tsvector (title weight A, body B).

``ts_rank`` with the default weights counts a title match at 1.0 and a body match at 0.4, so
title matches rank first. Only the top rows get a ``ts_headline`` (it re-parses the body, the
costly part), marked with private-use characters the service turns into ``<mark>``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from frontline.service.crm.ports import KbHit, KbQuery

HEADLINE = 'StartSel="\ue000", StopSel="\ue001", MaxWords=30, MinWords=12, MaxFragments=1'


def tsquery(terms: tuple[str, ...]) -> str:
    """All terms must match; the last one as a prefix (terms are plain words already)."""
    return " & ".join([*terms[:-1], f"{terms[-1]}:*"])


def search(session: Session, query: KbQuery) -> list[KbHit]:
    filters = []
    params: dict[str, Any] = {
        "query": tsquery(query.terms),
        "limit": query.limit,
        "options": HEADLINE,
    }
    if query.audience is not None:
        filters.append("AND a.audience = :audience")
        params["audience"] = query.audience
    if query.tag is not None:
        filters.append("AND a.id IN (SELECT article_id FROM crm_kb_article_tags WHERE tag = :tag)")
        params["tag"] = query.tag
    sql = f"""
        WITH q AS (SELECT to_tsquery('english', :query) AS query),
        top AS (
            SELECT a.id, a.title, a.audience, a.body, ts_rank(a.search_vector, q.query) AS score
            FROM crm_kb_articles a, q
            WHERE a.search_vector @@ q.query {" ".join(filters)}
            ORDER BY score DESC, a.id
            LIMIT :limit
        )
        SELECT top.id, top.title, top.audience, top.score,
               ts_headline('english', top.body, q.query, :options) AS snip
        FROM top, q
        ORDER BY top.score DESC, top.id
    """  # noqa: S608 - the filters are fixed fragments; values are bound parameters
    rows = session.execute(text(sql), params)
    return [KbHit(r.id, r.title, r.audience, float(r.score), r.snip or "") for r in rows]
