"""Cases: open, list with views and keyset paging, read with live SLA, edit, change status,
notes and replies, escalate, link interactions, export as CSV, and the FCR rate."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from frontline.domain.channels import Channel
from frontline.domain.crm.case_records import AttachmentRef, Direction, EntryKind
from frontline.domain.crm.case_status import CaseStatus, Priority
from frontline.domain.crm.cases import Case
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.routers.crm_deps import Crm
from frontline.entrypoints.http.routers.crm_export import case_csv_lines
from frontline.entrypoints.http.routers.params import IdPath
from frontline.entrypoints.http.schemas.common import MAX_ID, SearchText
from frontline.entrypoints.http.schemas.crm_cases import (
    CaseIn,
    CasePageOut,
    CasePatch,
    CaseSummaryOut,
    EntryIn,
    EscalateIn,
    LinkIn,
    StatusIn,
    detail_json,
)
from frontline.entrypoints.http.security import require
from frontline.service.crm import case_views, cases, escalations
from frontline.service.crm.ports import CaseQuery, CaseScope

router = APIRouter(tags=["cases"])
P = Permission
PREFIX = "/api/v1/cases"
WORK = (P.CASES_WORK, P.CASES_READ)
ViewName = Annotated[str, Query(pattern="^(all|mine|team|breaching_soon)$")]
Names = Annotated[list[str] | None, Query(max_length=20)]


def _query(
    status: list[CaseStatus] | None,
    priority: list[Priority] | None,
    tier: list[int] | None,
    queue: list[str] | None,
    category: list[str] | None,
    customer_id: int | None,
    text: str | None,
    limit: int,
) -> CaseQuery:
    return CaseQuery(
        scope=CaseScope(everything=False),
        statuses=frozenset(s.value for s in status or ()),
        priorities=frozenset(p.value for p in priority or ()),
        tiers=frozenset(tier or ()),
        queues=frozenset(queue or ()),
        categories=frozenset(c.lower() for c in category or ()),
        customer_id=customer_id,
        text=text,
        limit=limit,
    )


@router.get(PREFIX, summary="List cases (views: all, mine, team, breaching_soon)")
def list_cases(
    crm: Crm,
    view: ViewName = "all",
    status: Annotated[list[CaseStatus] | None, Query()] = None,
    priority: Annotated[list[Priority] | None, Query()] = None,
    tier: Annotated[list[Annotated[int, Query(ge=1, le=3)]] | None, Query()] = None,
    queue: Names = None,
    category: Names = None,
    customer_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    text: Annotated[SearchText | None, Query(description="part of the subject")] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    actor: Principal = require(*WORK),
) -> CasePageOut:
    query = _query(status, priority, tier, queue, category, customer_id, text, limit)
    page = case_views.list_cases(crm, actor, view, query, cursor)
    return CasePageOut(
        items=[CaseSummaryOut.of(r) for r in page.items], next_cursor=page.next_cursor
    )


@router.post(PREFIX, status_code=201, summary="Open a case")
def open_case(body: CaseIn, crm: Crm, actor: Principal = require(P.CASES_WORK)) -> Any:
    cmd = cases.OpenCase(
        customer_id=body.customer_id,
        subject=body.subject,
        description=body.description,
        queue=body.queue,
        category=body.category,
        priority=body.priority,
        owner_user_id=body.owner_user_id,
    )
    return _written(crm, cases.open_case(crm, actor, cmd))


@router.get(f"{PREFIX}/export.csv", summary="Export cases as CSV (streamed)")
def export_cases(
    crm: Crm,
    status: Annotated[list[CaseStatus] | None, Query()] = None,
    queue: Names = None,
    actor: Principal = require(P.CASES_READ),
) -> StreamingResponse:
    query = _query(status, None, None, queue, None, None, None, 1000)
    rows: Iterator[Any] = case_views.export_rows(crm, actor, query)
    first = next(rows, None)  # permission and query errors surface before streaming starts
    headers = {"Content-Disposition": 'attachment; filename="cases.csv"'}
    return StreamingResponse(
        case_csv_lines(first, rows), media_type="text/csv; charset=utf-8", headers=headers
    )


@router.get(f"{PREFIX}/{{case_id}}", summary="A case with its live SLA, entries and history")
def get_case(case_id: IdPath, crm: Crm, actor: Principal = require(*WORK)) -> Any:
    return _detail(crm, actor, case_id)


@router.get(f"{PREFIX}/{{case_id}}/customer-view", summary="What the customer sees (no notes)")
def customer_view(case_id: IdPath, crm: Crm, actor: Principal = require(*WORK)) -> Any:
    return case_views.customer_view(case_views.readable_case(crm, actor, case_id))


@router.patch(f"{PREFIX}/{{case_id}}", summary="Change subject, priority, queue, owner…")
def update_case(
    case_id: IdPath, body: CasePatch, crm: Crm, actor: Principal = require(P.CASES_WORK)
) -> Any:
    changes = body.changes()
    if "priority" in changes:
        changes["priority"] = changes["priority"].value
    return _written(crm, cases.update_case(crm, actor, case_id, changes))


@router.post(f"{PREFIX}/{{case_id}}/status", summary="Change status (409 illegal, mandatory steps)")
def change_status(
    case_id: IdPath, body: StatusIn, crm: Crm, actor: Principal = require(P.CASES_WORK)
) -> Any:
    return _written(crm, cases.change_status(crm, actor, case_id, body.status, body.reason))


@router.post(f"{PREFIX}/{{case_id}}/entries", status_code=201, summary="Add a note or reply")
def add_entry(
    case_id: IdPath, body: EntryIn, crm: Crm, actor: Principal = require(P.CASES_WORK)
) -> Any:
    cmd = cases.AddEntry(
        EntryKind(body.kind),
        body.body,
        tuple(AttachmentRef(**a.model_dump()) for a in body.attachments),
        body.interaction_id,
    )
    return _written(crm, cases.add_entry(crm, actor, case_id, cmd))


@router.post(f"{PREFIX}/{{case_id}}/escalate", summary="Escalate to a higher tier with a reason")
def escalate(
    case_id: IdPath, body: EscalateIn, crm: Crm, actor: Principal = require(P.CASES_WORK)
) -> Any:
    return _written(crm, escalations.escalate_case(crm, actor, case_id, body.to_tier, body.reason))


@router.post(f"{PREFIX}/{{case_id}}/interactions", summary="Link an interaction to the case")
def link_interaction(
    case_id: IdPath, body: LinkIn, crm: Crm, actor: Principal = require(P.CASES_WORK)
) -> Any:
    case = escalations.attach_interaction(
        crm,
        actor,
        case_id,
        body.interaction_id,
        channel=Channel(body.channel),
        direction=Direction(body.direction),
    )
    return _written(crm, case)


@router.get("/api/v1/stats/fcr", tags=["cases"], summary="First-contact resolution rate")
def fcr(
    crm: Crm,
    start: Annotated[datetime, Query(alias="from")],
    end: Annotated[datetime, Query(alias="to")],
    actor: Principal = require(P.STATS_READ, P.STATS_READ_TEAM, P.CASES_READ),
) -> Any:
    return case_views.fcr_rate(crm, actor, start, end)


def _detail(crm: Crm, actor: Principal, case_id: int) -> Any:
    detail = case_views.case_detail(crm, actor, case_id)
    return detail_json(detail)


def _written(crm: Crm, case: Case) -> Any:
    """The case as just written (it may have left the caller's view, e.g. when escalated)."""
    detail = case_views.describe(crm, case)
    return detail_json(detail)
