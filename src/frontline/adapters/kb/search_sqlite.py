"""Knowledge-base search on SQLite FTS5: BM25 with the title weighted ten times the body.

The FTS5 table is external-content (the article table holds the text) and kept in step by
triggers the migration creates. Ranking uses FTS5's ``rank`` column configured as
``bm25(10.0, 1.0)`` so SQLite can order by it without computing a separate expression.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from frontline.service.crm.ports import KbHit, KbQuery

TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0
SNIPPET_TOKENS = 24


def match_expression(terms: tuple[str, ...]) -> str:
    """Every term as a quoted string (terms are plain words), the last one also as a prefix."""
    quoted = [f'"{term}"' for term in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def search(session: Session, query: KbQuery) -> list[KbHit]:
    filters = []
    params: dict[str, Any] = {
        "match": match_expression(query.terms),
        "limit": query.limit,
        "rank": f"bm25({TITLE_WEIGHT}, {BODY_WEIGHT})",
    }
    if query.audience is not None:
        filters.append("AND a.audience = :audience")
        params["audience"] = query.audience
    if query.tag is not None:
        filters.append("AND a.id IN (SELECT article_id FROM crm_kb_article_tags WHERE tag = :tag)")
        params["tag"] = query.tag
    sql = f"""
        SELECT a.id, a.title, a.audience, crm_kb_fts.rank AS rank,
               snippet(crm_kb_fts, -1, char(57344), char(57345), '…', {SNIPPET_TOKENS}) AS snip
        FROM crm_kb_fts JOIN crm_kb_articles a ON a.id = crm_kb_fts.rowid
        WHERE crm_kb_fts MATCH :match AND crm_kb_fts.rank MATCH :rank {" ".join(filters)}
        ORDER BY crm_kb_fts.rank
        LIMIT :limit
    """  # noqa: S608 - the filters are fixed fragments; values are bound parameters
    rows = session.execute(text(sql), params)
    return [KbHit(r.id, r.title, r.audience, -float(r.rank), r.snip or "") for r in rows]
