"""The customer timeline's one-query-per-source window, on SQLite and PostgreSQL: walking
every page by cursor gives exactly the whole history in order, even when many entries share
one instant across page edges and sources, and other customers' rows never leak in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, insert

from frontline.adapters.db.crm_tables import CaseEntryRow, CaseRow
from frontline.adapters.db.live_tables import InteractionRow
from frontline.adapters.db.repositories.crm_uow import SqlCrmUnitOfWorkFactory
from frontline.adapters.db.tables import CustomerRow
from frontline.domain.crm.timeline import merge_timeline
from frontline.domain.org.roles import Role
from frontline.domain.org.users import Principal
from frontline.service.crm.clock import SystemClock
from frontline.service.crm.customer_timeline import TimelineQuery, customer_timeline
from frontline.service.crm.runtime import CrmRuntime

T0 = datetime(2024, 5, 6, 9, 0, tzinfo=UTC)
SUPERVISOR = Principal(None, "super", frozenset({Role.SUPERVISOR}))


def _contact(customer_id: int, n: int, created: datetime, closed: datetime | None) -> Any:
    return {
        "channel": ("chat", "email")[n % 2],
        "queue": "billing",
        "status": "closed" if closed else "waiting",
        "customer_id": customer_id,
        "customer_name": "C",
        "customer_email": None,
        "created_at": created,
        "closed_at": closed,
        "disposition": "resolved" if closed else None,
        "notes": f"n{n}",
        "subject": f"s{n}",
        "subject_key": f"s{n}",
    }


def _load(engine: Engine) -> int:
    """A customer whose 60 contacts arrive in bursts of 6 at one instant and close in bursts
    of 4, with a case and notes at those same instants; a second customer at the same times."""
    with engine.begin() as db:
        ids = db.execute(
            insert(CustomerRow).returning(CustomerRow.id, sort_by_parameter_order=True),
            [{"name": "Target", "attributes": {}}, {"name": "Other", "attributes": {}}],
        ).scalars()
        target, other = list(ids)
        rows = []
        for who in (target, other):
            for n in range(60):
                created = T0 + timedelta(minutes=n // 6)
                closed = T0 + timedelta(minutes=n // 4, seconds=30) if n % 5 else None
                rows.append(_contact(who, n, created, closed))
        db.execute(insert(InteractionRow), rows)
        case_id = db.execute(
            insert(CaseRow)
            .values(
                customer_id=target,
                subject="double charge",
                description="",
                status="open",
                priority="normal",
                category="",
                queue="billing",
                tier=1,
                owner_user_id=None,
                created_at=T0,
                created_by="x",
                updated_at=T0,
                history=[{"at": T0.isoformat(), "from": None, "to": "new", "by": "x"}],
                priority_history=[],
                escalations=[],
                fired_rules=[],
            )
            .returning(CaseRow.id)
        ).scalar_one()
        notes = [
            {
                "case_id": case_id,
                "kind": ("internal_note", "public_reply")[k % 2],
                "body": f"note {k}",
                "author": "ann",
                "at": T0 + timedelta(minutes=k // 3),
                "attachments": [],
            }
            for k in range(12)
        ]
        db.execute(insert(CaseEntryRow), notes)
    return int(target)


@pytest.mark.parametrize("limit", [1, 5, 7, 50])
def test_paging_by_cursor_walks_the_whole_history_exactly_once(
    clean_engine: Engine, limit: int
) -> None:
    customer = _load(clean_engine)
    rt = CrmRuntime(SqlCrmUnitOfWorkFactory(clean_engine), SystemClock())
    with rt.uow() as uow:
        everything = merge_timeline(uow.timeline.entries(customer, None, None))
    expected = [(e.kind, e.source_id) for e in reversed(everything)]
    assert len(expected) == 60 + 48 + 12 + 1  # contacts, wrap-ups, notes, one status change

    walked: list[tuple[Any, str]] = []
    cursor = None
    for _ in range(len(expected) + 1):
        answer = customer_timeline(rt, SUPERVISOR, TimelineQuery(customer, cursor, limit))
        walked += [(e.kind, e.source_id) for e in answer.page.items]
        cursor = answer.page.next_cursor
        if cursor is None:
            break
    assert walked == expected
