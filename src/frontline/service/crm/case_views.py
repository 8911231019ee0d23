"""Reading cases: the filtered list views with keyset paging, one case with its live SLA, the
customer-visible view, the FCR rate and the CSV export rows.

Views: ``mine`` (owned by the caller), ``team`` (owned by anyone on the caller's teams),
``breaching_soon`` (an SLA target falls due within the horizon, soonest first). Paging is by
keyset (an opaque cursor holding the last row's sort key), so page 1000 costs what page 1
costs and rows inserted meanwhile do not shift pages.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from frontline.domain.crm.case_records import EntryKind
from frontline.domain.crm.cases import Case
from frontline.domain.crm.sla_clock import SlaReport
from frontline.domain.org.errors import InvalidValue
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.service.access import ensure
from frontline.service.crm.actor_names import actor_names
from frontline.service.crm.ports import CaseQuery, CaseSummary
from frontline.service.crm.runtime import CrmRuntime
from frontline.service.crm.sla_status import SlaContext, state_now
from frontline.service.crm.visibility import scope_for, team_member_ids, visible_case

VIEWS = ("all", "mine", "team", "breaching_soon")


def encode_cursor(key: tuple[Any, ...]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in key]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode()


def decode_cursor(cursor: str, by_due: bool) -> tuple[Any, ...]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if by_due:
            return (datetime.fromisoformat(values[0]), int(values[1]))
        return (int(values[0]),)
    except (binascii.Error, ValueError, TypeError, IndexError, KeyError) as exc:
        raise InvalidValue("cursor is not one this list handed out") from exc


@dataclass(frozen=True)
class CaseListPage:
    items: list[CaseSummary]
    next_cursor: str | None


def list_cases(
    rt: CrmRuntime, actor: Principal, view: str, query: CaseQuery, cursor: str | None
) -> CaseListPage:
    ensure(actor, Permission.CASES_WORK, Permission.CASES_READ)
    if view not in VIEWS:
        raise InvalidValue(f"view must be one of {', '.join(VIEWS)}")
    now = rt.clock.now()
    by_due = view == "breaching_soon"
    with rt.uow() as uow:
        query = replace(query, scope=scope_for(uow, actor), by_due=by_due)
        if view == "mine":
            query = replace(query, owner_ids=frozenset({actor.user_id or 0}))
        elif view == "team":
            query = replace(query, owner_ids=team_member_ids(uow, actor))
        elif by_due:
            query = replace(query, due_after=now, due_before=now + rt.breaching_soon)
        if cursor:
            query = replace(query, after=decode_cursor(cursor, by_due))
        rows = uow.cases.list(replace(query, limit=query.limit + 1))
    more = len(rows) > query.limit
    rows = [_moved_on(row, now) for row in rows[: query.limit]]
    last = rows[-1] if rows and more else None
    if last is None:
        return CaseListPage(rows, None)
    key = (last.sla.due_at, last.id) if by_due else (last.id,)
    return CaseListPage(rows, encode_cursor(key))


def _moved_on(row: CaseSummary, now: datetime) -> CaseSummary:
    state = state_now(row.sla, now)
    return row if state == row.sla.state else replace(row, sla=replace(row.sla, state=state))


@dataclass(frozen=True)
class CaseDetail:
    """A case as staff read it; ``names`` maps each actor label on it to a readable name."""

    case: Case
    sla: SlaReport
    events: list[dict[str, Any]]
    names: dict[str, str]


def case_detail(rt: CrmRuntime, actor: Principal, case_id: int) -> CaseDetail:
    ensure(actor, Permission.CASES_WORK, Permission.CASES_READ)
    with rt.uow() as uow:
        case = visible_case(uow, actor, case_id)
        report = SlaContext(uow).report(case, rt.clock.now())
        return CaseDetail(case, report, uow.cases.events(case_id), actor_names(uow, case))


def readable_case(rt: CrmRuntime, actor: Principal, case_id: int) -> Case:
    """The case alone, with the same permission and visibility checks as `case_detail`: for
    views that show no SLA report, events or staff names (the customer's view), so they do not
    read them."""
    ensure(actor, Permission.CASES_WORK, Permission.CASES_READ)
    with rt.uow() as uow:
        return visible_case(uow, actor, case_id)


def describe(rt: CrmRuntime, case: Case) -> CaseDetail:
    """Detail of a case the caller has just changed (it may have left their view, as an
    escalated case does), without a second visibility check."""
    with rt.uow() as uow:
        report = SlaContext(uow).report(case, rt.clock.now())
        return CaseDetail(case, report, uow.cases.events(case.id), actor_names(uow, case))


def customer_view(case: Case) -> dict[str, Any]:
    """What the customer may see of a case: never internal notes, never SLA or escalations."""
    return {
        "id": case.id,
        "subject": case.subject,
        "status": case.status.value,
        "created_at": case.created_at,
        "messages": [
            {
                "kind": e.kind.value,
                "body": e.body,
                "at": e.at,
                "from_us": e.kind is not EntryKind.CUSTOMER_MESSAGE,
            }
            for e in case.entries
            if e.customer_visible
        ],
    }


def fcr_rate(rt: CrmRuntime, actor: Principal, start: datetime, end: datetime) -> dict[str, Any]:
    """First-contact resolution over cases resolved in [start, end): FCR ÷ resolved."""
    ensure(actor, Permission.STATS_READ, Permission.STATS_READ_TEAM, Permission.CASES_READ)
    if end <= start:
        raise InvalidValue("'to' must be after 'from'")
    with rt.uow() as uow:
        resolved, fcr = uow.cases.fcr_counts(start, end)
    rate = fcr / resolved if resolved else None
    return {"from": start, "to": end, "resolved": resolved, "first_contact": fcr, "rate": rate}


def export_rows(
    rt: CrmRuntime, actor: Principal, query: CaseQuery, batch: int = 1000
) -> Iterator[CaseSummary]:
    """Every case matching ``query``, fetched in keyset batches so memory stays flat."""
    ensure(actor, Permission.CASES_READ)
    after: tuple[Any, ...] | None = None
    while True:
        with rt.uow() as uow:
            page = replace(query, scope=scope_for(uow, actor), after=after, limit=batch)
            rows = uow.cases.list(page)
        yield from rows
        if len(rows) < batch:
            return
        after = (rows[-1].id,)
