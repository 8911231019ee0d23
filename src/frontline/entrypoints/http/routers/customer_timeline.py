"""The customer timeline (the agent's screen-pop, the supervisor's search)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from frontline.domain.crm.timeline import MAX_PAGE, TimelineEntry
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.context import Context
from frontline.entrypoints.http.routers.crm_deps import Crm
from frontline.entrypoints.http.routers.params import IdPath
from frontline.entrypoints.http.schemas.common import SearchText
from frontline.entrypoints.http.security import require
from frontline.service.crm.customer_timeline import (
    DEFAULT_PAGE,
    WORKERS,
    TimelineQuery,
    customer_timeline,
)

router = APIRouter(tags=["customers"])
Cursor = Annotated[str | None, Query(max_length=400, pattern=r"^[A-Za-z0-9_-]+$")]


_DATA = (
    "Details by kind, so clients need not parse the summary. interaction: interaction_id, "
    "status, queue, subject, agent_name (who handled it; null until accepted). disposition: "
    "interaction_id, code, label (the queue's name for the code; null when no list knows it), "
    "notes, queue, agent_user_id, agent_name. note: kind, author."
)


class TimelineItemOut(BaseModel):
    at: datetime
    kind: str
    source_id: str
    summary: str
    channel: str | None
    case_id: int | None
    internal: bool
    data: dict[str, Any] = Field(description=_DATA)

    @classmethod
    def of(cls, entry: TimelineEntry) -> TimelineItemOut:
        return cls(
            at=entry.at,
            kind=entry.kind.value,
            source_id=entry.source_id,
            summary=entry.summary,
            channel=entry.channel.value if entry.channel else None,
            case_id=entry.case_id,
            internal=entry.internal,
            data=dict(entry.data),
        )


class TimelineOut(BaseModel):
    customer_id: int
    name: str
    items: list[TimelineItemOut]
    next_cursor: str | None


@router.get(
    "/api/v1/customers/{customer_id}/timeline",
    summary="A customer's history on every channel, newest first (agents: customers they "
    "serve or own a case of; q: search, customers:read only)",
)
def timeline(
    customer_id: IdPath,
    crm: Crm,
    context: Context,
    cursor: Cursor = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
    q: Annotated[SearchText | None, Query(description="text in the entry summaries")] = None,
    actor: Principal = require(*WORKERS),
) -> TimelineOut:
    live = context.live
    serving = live is not None and live.service.running
    held = frozenset(live.held_customers(actor.user_id)) if live and serving else frozenset()
    query = TimelineQuery(customer_id, cursor, limit, q, held)
    result = customer_timeline(crm, actor, query)
    return TimelineOut(
        customer_id=result.customer_id,
        name=result.name,
        items=[TimelineItemOut.of(e) for e in result.page.items],
        next_cursor=result.page.next_cursor,
    )
