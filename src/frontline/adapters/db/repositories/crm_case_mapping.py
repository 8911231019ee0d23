"""Translating a domain `Case` to and from its row, entry rows and interaction rows.

Status history, priority history and escalation records are JSON lists on the case row
(always read with the case); entries and interactions are rows of their own, so they are
appended rather than rewritten and interactions can be looked up by id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from frontline.adapters.db.crm_tables import CaseEntryRow, CaseInteractionRow, CaseRow
from frontline.domain.channels import Channel
from frontline.domain.crm.case_records import (
    AttachmentRef,
    CaseEntry,
    Direction,
    EntryKind,
    EscalationRecord,
    LinkedInteraction,
    PriorityChange,
    StatusChange,
)
from frontline.domain.crm.case_status import DONE_STATUSES, CaseStatus, Priority
from frontline.domain.crm.cases import Case
from frontline.service.crm.clock import user_id_of
from frontline.service.crm.ports import SlaSnapshot


def _t(value: str) -> datetime:
    return datetime.fromisoformat(value)


def history_json(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "at": c.at.isoformat(),
            "from": c.from_status.value if c.from_status else None,
            "to": c.to_status.value,
            "by": c.by,
            "reason": c.reason,
        }
        for c in case.history
    ]


def priority_json(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "at": c.at.isoformat(),
            "from": c.from_priority.value,
            "to": c.to_priority.value,
            "by": c.by,
        }
        for c in case.priority_history
    ]


def escalations_json(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "at": e.at.isoformat(),
            "from_tier": e.from_tier,
            "to_tier": e.to_tier,
            "reason": e.reason,
            "by": e.by,
            "rule_id": e.rule_id,
            "previous_owner": e.previous_owner,
            "context": dict(e.context),
        }
        for e in case.escalations
    ]


def write_row(row: CaseRow, case: Case, sla: SlaSnapshot) -> None:
    row.customer_id, row.subject, row.description = case.customer_id, case.subject, case.description
    row.status, row.priority, row.category = case.status.value, case.priority.value, case.category
    row.queue, row.tier, row.owner_user_id = case.queue, case.tier, user_id_of(case.owner)
    row.follow_up_of, row.created_at, row.created_by = (
        case.follow_up_of,
        case.created_at,
        case.created_by,
    )
    row.updated_at = case.last_activity_at
    row.first_response_at = case.first_response_at
    row.resolved_at = case.resolved_at
    row.fcr = case.is_first_contact_resolution if case.status in DONE_STATUSES else None
    row.sla_state, row.sla_due_at, row.sla_warn_at = sla.state, sla.due_at, sla.warn_at
    row.history = history_json(case)
    row.priority_history = priority_json(case)
    row.escalations = escalations_json(case)


def entry_row(case_id: int, entry: CaseEntry) -> CaseEntryRow:
    return CaseEntryRow(
        case_id=case_id,
        kind=entry.kind.value,
        body=entry.body,
        author=entry.author,
        at=entry.at,
        attachments=[
            {
                "file_name": a.file_name,
                "content_type": a.content_type,
                "size_bytes": a.size_bytes,
                "storage_key": a.storage_key,
            }
            for a in entry.attachments
        ],
        interaction_id=entry.interaction_id,
    )


def interaction_row(case_id: int, link: LinkedInteraction, position: int) -> CaseInteractionRow:
    return CaseInteractionRow(
        case_id=case_id,
        interaction_id=link.interaction_id,
        channel=link.channel.value,
        direction=link.direction.value,
        at=link.at,
        position=position,
    )


def to_case(row: CaseRow, entries: list[CaseEntryRow], links: list[CaseInteractionRow]) -> Case:
    """Rebuild the case without re-running commands (history is already validated)."""
    case = Case(
        id=row.id,
        customer_id=row.customer_id,
        subject=row.subject,
        created_at=row.created_at,
        created_by=row.created_by,
        description=row.description,
        queue=row.queue,
        category=row.category,
        priority=Priority(row.priority),
        tier=row.tier,
        owner=None if row.owner_user_id is None else f"user:{row.owner_user_id}",
        follow_up_of=row.follow_up_of,
        status=CaseStatus(row.status),
        history=[
            StatusChange(
                _t(h["at"]),
                CaseStatus(h["from"]) if h["from"] else None,
                CaseStatus(h["to"]),
                h["by"],
                h.get("reason", ""),
            )
            for h in row.history
        ],
    )
    case.priority_history = [
        PriorityChange(_t(p["at"]), Priority(p["from"]), Priority(p["to"]), p["by"])
        for p in row.priority_history
    ]
    case.escalations = [
        EscalationRecord(
            at=_t(e["at"]),
            from_tier=e["from_tier"],
            to_tier=e["to_tier"],
            reason=e["reason"],
            by=e["by"],
            rule_id=e.get("rule_id"),
            previous_owner=e.get("previous_owner"),
            context=e.get("context") or {},
        )
        for e in row.escalations
    ]
    case.entries = [
        CaseEntry(
            EntryKind(e.kind),
            e.body,
            e.author,
            e.at,
            tuple(AttachmentRef(**a) for a in e.attachments or []),
            e.interaction_id,
        )
        for e in entries
    ]
    case.interactions = [
        LinkedInteraction(i.interaction_id, Channel(i.channel), Direction(i.direction), i.at)
        for i in links
    ]
    return case
