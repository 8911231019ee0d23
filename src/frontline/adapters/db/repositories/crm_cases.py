"""Cases: the aggregate with its entries and links, list queries for the views, SLA events.

List queries select only the indexed summary columns. Paging is by keyset on ``id`` (newest
first) or on ``(sla_due_at, id)`` for the breaching-soon view, matching the composite indexes
of `crm_tables.CaseRow`, so a page costs the same wherever it is in the list. The customer's
name comes in the same statement by a LEFT JOIN on the customers' primary key: one index probe
per row of the page, after the keyset scan has picked the rows, never a query per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select, tuple_
from sqlalchemy.orm import Session

from frontline.adapters.db.crm_tables import (
    CaseEntryRow,
    CaseInteractionRow,
    CaseRow,
    SlaEventRow,
)
from frontline.adapters.db.repositories.crm_case_mapping import (
    entry_row,
    interaction_row,
    to_case,
    write_row,
)
from frontline.adapters.db.tables import CustomerRow
from frontline.domain.crm.cases import Case
from frontline.domain.crm.sla_clock import SlaBreached, SlaEvent
from frontline.service.crm.ports import CaseQuery, CaseSummary, SlaSnapshot

SUMMARY_COLUMNS = (
    CaseRow.id,
    CaseRow.customer_id,
    CaseRow.subject,
    CaseRow.status,
    CaseRow.priority,
    CaseRow.category,
    CaseRow.queue,
    CaseRow.tier,
    CaseRow.owner_user_id,
    CaseRow.created_at,
    CaseRow.updated_at,
    CaseRow.first_response_at,
    CaseRow.resolved_at,
    CaseRow.fcr,
    CaseRow.sla_state,
    CaseRow.sla_due_at,
    CaseRow.sla_warn_at,
)
RUNNING_SLA = ("ok", "warning")


def summaries(query: CaseQuery) -> Select[*tuple[Any, ...]]:
    """The summary columns and the customer's name, filtered, not yet ordered or limited.

    An outer join keeps ``crm_cases`` the driving table, so the planner still walks the
    keyset index and probes ``customers`` by primary key for the page's rows only; a case
    whose customer row were missing would still be listed (with no name) rather than vanish.
    """
    return (
        select(*SUMMARY_COLUMNS, CustomerRow.name.label("customer_name"))
        .join_from(CaseRow, CustomerRow, CustomerRow.id == CaseRow.customer_id, isouter=True)
        .where(*filters_of(query))
    )


def _summary(r: Any) -> CaseSummary:
    return CaseSummary(
        r.id, r.customer_id, r.subject, r.status, r.priority, r.category, r.queue, r.tier,
        r.owner_user_id, r.created_at, r.updated_at, r.first_response_at, r.resolved_at, r.fcr,
        SlaSnapshot(r.sla_state, r.sla_due_at, r.sla_warn_at), r.customer_name or None,
    )  # fmt: skip


def filters_of(query: CaseQuery) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a list query (visibility first, then the caller's filters)."""
    scope = query.scope
    where: list[ColumnElement[bool]] = []
    if not scope.everything:
        where.append(
            or_(
                CaseRow.owner_user_id == scope.owner_id,
                and_(CaseRow.queue.in_(sorted(scope.queues)), CaseRow.tier <= scope.max_tier),
            )
        )
    if query.owner_ids is not None:
        where.append(CaseRow.owner_user_id.in_(sorted(query.owner_ids)))
    for column, values in (
        (CaseRow.status, query.statuses),
        (CaseRow.priority, query.priorities),
        (CaseRow.tier, query.tiers),
        (CaseRow.queue, query.queues),
        (CaseRow.category, query.categories),
    ):
        if values:
            where.append(column.in_(sorted(values)))
    if query.customer_id is not None:
        where.append(CaseRow.customer_id == query.customer_id)
    if query.text:
        where.append(func.lower(CaseRow.subject).contains(query.text.lower(), autoescape=True))
    if query.due_before is not None:
        where.append(CaseRow.sla_due_at <= query.due_before)
        where.append(CaseRow.sla_state.in_(RUNNING_SLA))
    if query.due_after is not None:
        where.append(CaseRow.sla_due_at > query.due_after)
    return where


class SqlCaseRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._stored: dict[int, tuple[int, int]] = {}  # case id: (entries, interactions) in db

    # -- the aggregate -------------------------------------------------------------------
    def add(self, case: Case, sla: SlaSnapshot) -> Case:
        row = CaseRow(fired_rules=[])
        write_row(row, case, sla)
        self.session.add(row)
        self.session.flush()
        case.id = row.id
        self._stored[case.id] = (0, 0)
        self._append_children(case)
        return case

    def get(self, case_id: int) -> Case | None:
        """Loads the case locked for update (PostgreSQL), so the evaluator and a request can
        never both write a history read before the other's change: the second one waits."""
        row = self.session.get(CaseRow, case_id, with_for_update=True)
        if row is None:
            return None
        entries = list(
            self.session.scalars(
                select(CaseEntryRow)
                .where(CaseEntryRow.case_id == case_id)
                .order_by(CaseEntryRow.id)
            )
        )
        links = list(
            self.session.scalars(
                select(CaseInteractionRow)
                .where(CaseInteractionRow.case_id == case_id)
                .order_by(CaseInteractionRow.position)
            )
        )
        self._stored[case_id] = (len(entries), len(links))
        return to_case(row, entries, links)

    def save(self, case: Case, sla: SlaSnapshot) -> None:
        row = self.session.get_one(CaseRow, case.id)
        write_row(row, case, sla)
        self._append_children(case)
        self.session.flush()

    def _append_children(self, case: Case) -> None:
        if case.id not in self._stored:
            self._stored[case.id] = self._counts(case.id)
        entries, links = self._stored[case.id]
        for entry in case.entries[entries:]:
            self.session.add(entry_row(case.id, entry))
        for position, link in enumerate(case.interactions[links:], start=links):
            self.session.add(interaction_row(case.id, link, position))
        self._stored[case.id] = (len(case.entries), len(case.interactions))
        self.session.flush()

    def _counts(self, case_id: int) -> tuple[int, int]:
        entries = self.session.scalar(select(func.count()).where(CaseEntryRow.case_id == case_id))
        links = self.session.scalar(
            select(func.count()).where(CaseInteractionRow.case_id == case_id)
        )
        return int(entries or 0), int(links or 0)

    # -- escalation rules and SLA events -----------------------------------------------------
    def fired_rules(self, case_id: int) -> frozenset[str]:
        row = self.session.get_one(CaseRow, case_id)
        return frozenset(row.fired_rules or [])

    def mark_rules_fired(self, case_id: int, rule_ids: Iterable[str]) -> None:
        row = self.session.get_one(CaseRow, case_id)
        row.fired_rules = sorted(set(row.fired_rules or []) | set(rule_ids))
        self.session.flush()

    def emitted_keys(self, case_id: int) -> frozenset[str]:
        keys = self.session.scalars(select(SlaEventRow.key).where(SlaEventRow.case_id == case_id))
        return frozenset(keys)

    def add_events(self, case_id: int, events: Sequence[SlaEvent], at: datetime) -> None:
        for event in events:
            kind = "breached" if isinstance(event, SlaBreached) else "warning"
            self.session.add(
                SlaEventRow(
                    case_id=case_id,
                    key=event.key,
                    kind=kind,
                    target=event.target.value,
                    at=event.at,
                    recorded_at=at,
                )
            )
        self.session.flush()

    def events(self, case_id: int) -> list[dict[str, Any]]:
        rows = self.session.scalars(
            select(SlaEventRow).where(SlaEventRow.case_id == case_id).order_by(SlaEventRow.at)
        )
        return [
            {"kind": r.kind, "target": r.target, "at": r.at, "recorded_at": r.recorded_at}
            for r in rows
        ]

    # -- queries -------------------------------------------------------------------------
    def with_interaction(self, interaction_id: str) -> list[int]:
        ids = self.session.scalars(
            select(CaseInteractionRow.case_id)
            .where(CaseInteractionRow.interaction_id == interaction_id)
            .order_by(CaseInteractionRow.case_id)
        )
        return list(ids)

    def open_ids(self, after_id: int, limit: int) -> list[int]:
        ids = self.session.scalars(
            select(CaseRow.id)
            .where(CaseRow.id > after_id, CaseRow.status.not_in(("resolved", "closed")))
            .order_by(CaseRow.id)
            .limit(limit)
        )
        return list(ids)

    def list(self, query: CaseQuery) -> list[CaseSummary]:
        stmt = summaries(query)
        if query.by_due:
            if query.after is not None:
                stmt = stmt.where(tuple_(CaseRow.sla_due_at, CaseRow.id) > tuple_(*query.after))
            stmt = stmt.order_by(CaseRow.sla_due_at, CaseRow.id)
        else:
            if query.after is not None:
                stmt = stmt.where(CaseRow.id < query.after[0])
            stmt = stmt.order_by(CaseRow.id.desc())
        return [_summary(r) for r in self.session.execute(stmt.limit(query.limit))]

    def fcr_counts(self, start: datetime, end: datetime) -> tuple[int, int]:
        row = self.session.execute(
            select(func.count(), func.count().filter(CaseRow.fcr.is_(True))).where(
                CaseRow.resolved_at >= start, CaseRow.resolved_at < end
            )
        ).one()
        return int(row[0]), int(row[1])

    def owns_case_of(self, user_id: int, customer_id: int) -> bool:
        owned = exists().where(CaseRow.owner_user_id == user_id, CaseRow.customer_id == customer_id)
        return bool(self.session.scalar(select(owned)))
